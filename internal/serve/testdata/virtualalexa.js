// Drives `skillgen serve` with virtual-alexa (pinned in testdata/peers).
// Input: a JSON object on stdin {url, model, locale, applicationId, token,
// utterances}. Output: one JSON array on stdout, one entry per utterance,
// with the speech, reprompt, card and session end of the skill's answer,
// or the error virtual-alexa raised. The access token is never printed.
"use strict";
const va = require("virtual-alexa");

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const cfg = JSON.parse(input);
  const alexa = va.VirtualAlexa.Builder()
    .skillURL(cfg.url)
    .interactionModelFile(cfg.model)
    .locale(cfg.locale)
    .applicationID(cfg.applicationId)
    .create();
  if (cfg.token) alexa.context().setAccessToken(cfg.token);
  const out = [];
  for (const u of cfg.utterances) {
    const entry = { utterance: u };
    try {
      const r = await alexa.utter(u);
      const res = (r && r.response) || {};
      entry.ssml = res.outputSpeech ? res.outputSpeech.ssml : null;
      entry.reprompt = res.reprompt ? res.reprompt.outputSpeech.ssml : null;
      entry.card = res.card ? res.card.type : null;
      entry.shouldEndSession = res.shouldEndSession === undefined ? null : res.shouldEndSession;
    } catch (e) {
      entry.error = String(e && e.message ? e.message : e);
    }
    out.push(entry);
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
  process.stderr.write("virtualalexa.js: " + (e && e.stack ? e.stack : e) + "\n");
  process.exit(1);
});
