// Plays the file writes of `ask deploy` (ask-cli 2.30.7) on an ASK project
// with ask-cli's own modules, stopping short of the network: the resources
// writer at the start of the command (lib/commands/deploy), the manifest
// load, then, as after a successful CloudFormation deploy, the
// skill-infrastructure controller's manifest update (it writes the Lambda
// ARN into skill.json) and its resources-config update. Only the step that
// re-uploads the skill package to SMAPI is replaced (it needs the network).
//
// usage: node ask-deploy.js <project dir> <profile> <lambda arn>
"use strict";
const path = require("path");
const ResourcesConfig = require("ask-cli/dist/lib/model/resources-config");
const Manifest = require("ask-cli/dist/lib/model/manifest");
const SkillInfrastructureController = require("ask-cli/dist/lib/controllers/skill-infrastructure-controller");
const CONSTANTS = require("ask-cli/dist/lib/utils/constants");

const [dir, profile, arn] = process.argv.slice(2);
process.chdir(dir);

// lib/commands/deploy: handle()
new ResourcesConfig(path.join(process.cwd(), CONSTANTS.FILE_PATH.ASK_RESOURCES_JSON_CONFIG));
ResourcesConfig.getInstance().setDeploymentStatus(profile, "IN_PROGRESS");
ResourcesConfig.getInstance().write();
// _initiateManifestModel
const src = ResourcesConfig.getInstance().getSkillMetaSrc(profile);
new Manifest(path.join(src, CONSTANTS.FILE_PATH.SKILL_PACKAGE.MANIFEST));

// After the stack deployed: what the cfn-deployer returns per region.
const result = {default: {endpoint: {uri: arn}, deployState: {stackId: "arn:aws:cloudformation:us-east-1:123456789012:stack/ask-test/1"}, lastDeployHash: "h"}};
const ctrl = new SkillInfrastructureController({profile, doDebug: false, ignoreHash: false});
ctrl._ensureSkillManifestGotUpdated = (cb) => cb(); // SMAPI upload: network
ctrl._updateResourcesConfig(["default"], result);
ctrl.updateSkillManifestWithDeployResult(result, (err) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  ResourcesConfig.getInstance().write();
});
