import { describe, expect, it } from 'vitest';
import { runDemoScenario } from '../../demo/scenario.js';

describe('npm run demo', () => {
  it('plays the whole scenario against the real bot and prints it as people saw it', async () => {
    const { transcript, requestId, ms } = await runDemoScenario({ pauseMs: 50 });
    expect(ms).toBeLessThan(15_000);
    const lines = transcript.split('\n');
    const has = (pattern: RegExp) =>
      expect(
        lines.some((l) => pattern.test(l)),
        String(pattern),
      ).toBe(true);

    has(/^\d\d:\d\d:\d\d {2}▶ @bob types \/stop sandbox web-1,web-2,db-1 --reason "cpu miner found"$/);
    has(/stopbot → @bob {2}\(only visible to you\)/);
    has(/Checking 3 targets on Sandbox/);
    has(new RegExp(`^ +Stop request ${requestId}$`));
    has(/@bob asks to stop 2 machines on Sandbox/);
    has(/Already stopped, left out \(1\):/);
    has(/• db-1 \(vm-3\) — STOPPED/);
    has(/^ +\[ Approve \] {2}\[ Reject \]$/);
    has(/you cannot approve it yourself/);
    has(/▶ @alice clicks \[ Approve \]/);
    has(/↳ stopbot replied in the thread/);
    has(/Progress: 2\/2 stopped/);
    has(new RegExp(`Summary for ${requestId} on Sandbox: 2/2 stopped`));
    has(/✅ web-1 \(vm-1\) stopped/);
    has(/edited its message from .*it now reads/);
    has(/Approved by @alice today at \d\d:\d\d:\d\d · done: 2\/2 stopped/);
    has(new RegExp(`${requestId} finished: 2/2 stopped`));

    // The refusal comes after Bob's click and before Alice's; the incident channel is its own section.
    const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    expect(at(/@bob clicks/)).toBeLessThan(at(/cannot approve it yourself/));
    expect(at(/cannot approve it yourself/)).toBeLessThan(at(/@alice clicks/));
    expect(at(/── #ops/)).toBeLessThan(at(/── #incidents/));
    expect(at(/── #incidents/)).toBeLessThan(at(/requested a stop of 2 machines/));
    // Act two: the form as text, type-ahead from the cloud, and a failure in the provider's words.
    has(/^Provider: \(•\) sandbox — Sandbox$/);
    has(/^Machines \(optional\): \[multi_external_select\]$/);
    has(/^\[Cancel\] {2}\[Request stop\]$/);
    has(/^Typing "fla" in Machines offers: flaky-1 \(vm-5\) · RUNNING$/);
    has(/^❌ flaky-1 \(vm-5\) failed: sandbox: machine refused to stop/);
    has(/requested a stop of 1 machine on Sandbox \(flaky-1\)\. Reason: flapping health checks/);
    // Act three: HARD, with the confirmation its Approve button asks for, as text.
    has(/▶ @bob types \/stop sandbox web-3 --hard --reason "runaway job"/);
    has(/^Shutdown type: \(•\) SOFT: graceful shutdown {2}\( \) HARD: force power off/);
    has(/^The card's button reads \[ Approve HARD stop \]; clicking it first asks:$/);
    has(/^ {2}┌ Force power off\?$/);
    has(/^ {2}│ HARD cuts power to 1 machine without a clean shutdown/);
    has(/^ {2}└ \[ Cancel \] {2}\[ Force stop \]$/);
    has(/▶ @alice clicks \[ Approve HARD stop \], then \[ Force stop \] in the dialog/);
    has(/approved by @alice \(HARD\); stopping 1 machine on Sandbox \(web-3\)/);
    has(/^Summary for SR-[0-9A-Z]{10} on Sandbox: 1\/1 stopped/);
    // People see names and local times, never raw mrkdwn or Slack IDs.
    expect(transcript).not.toMatch(/<@U|<!date|U0BOB|&lt;|\*Reason/);
  });
});
