/**
 * Every lesson, replayed headless (learnGitBranching's rule: the start state must fail, the
 * solution must pass):
 *
 *  1. the lesson starts on a fresh cluster of its preset (files, start manifests and commands);
 *  2. for each step in order: a break step injects its fault; if the step has checks, they must
 *     FAIL before its solution runs (also after the cluster had time to settle: a fault that
 *     heals itself teaches nothing); then each solution line runs in the CLI's shell, recorded
 *     as a learner's command; within `settleSeconds` (default 120) of simulated time the checks
 *     must PASS, and the runtime must mark the step done;
 *  3. the Japanese and English texts of every step have the same structure (code blocks, open
 *     links, headings).
 *
 * Steps that need what the simulator cannot do yet (`requires`) are skipped with the probe's
 * reason, and so is everything after them in that lesson. Nothing passes without checking.
 */
import { describe, expect, it } from 'vitest';
import { compareStepDocs } from '../../src/lessons/markdown';
import { loadLesson } from '../../src/lessons/loader';
import { LessonRuntime } from '../../src/lessons/runtime';
import type { CheckResult } from '../../src/lessons/checks/index';
import type { Capability, Lesson, StepSpec } from '../../src/lessons/types';
import { probe, requireAll } from './capabilities';
import { CliLessonHost, lessonIds, readLessonFiles } from './support';

const DEFAULT_SETTLE_S = 120;

function failures(results: CheckResult[], indent = '  '): string {
  return results
    .filter((r) => !r.passed)
    .map((r) => {
      const own = `${indent}✗ ${r.title.en}${r.detail ? `\n${indent}  ${r.detail.en}` : ''}`;
      return r.children ? `${own}\n${failures(r.children, indent + '  ')}` : own;
    })
    .join('\n');
}

/** Evaluate until every check passes or `seconds` of simulated time went by (1 s at a time). */
async function settle(rt: LessonRuntime, host: CliLessonHost, seconds: number): Promise<CheckResult[]> {
  let results = await rt.evaluate();
  for (let t = 0; t < seconds && !results.every((r) => r.passed); t++) {
    host.advance(1000);
    results = await rt.evaluate();
  }
  return results;
}

/** The first missing capability among those a step needs, with the probe's reason. */
async function missing(lesson: Lesson, step: StepSpec): Promise<string | undefined> {
  const needs: Capability[] = [...(lesson.spec.requires ?? []), ...(step.requires ?? [])];
  for (const c of needs) {
    const p = await probe(c);
    if (!p.ok) return `${c}: ${p.reason}`;
  }
  return undefined;
}

const ids = lessonIds();

it('there are lessons to replay', () => {
  expect(ids.length).toBeGreaterThan(0);
});

for (const id of ids) {
  const files = readLessonFiles(id);
  const lesson = loadLesson(id, files);
  const steps = lesson.spec.steps;

  // Gating is decided before the tests are collected, so skipped steps show as skipped.
  const gates: (string | undefined)[] = [];
  let blockedBy: string | undefined;
  for (const step of steps) {
    blockedBy ??= await missing(lesson, step);
    gates.push(blockedBy);
  }

  describe(`lesson ${id}`, () => {
    it('ja and en step texts have the same structure', () => {
      const drift = lesson.texts.flatMap((t, i) => compareStepDocs(t.ja, t.en).map((d) => `step ${i + 1}: ${d}`));
      expect(drift, drift.join('\n')).toEqual([]);
    });

    let host: CliLessonHost;
    let rt: LessonRuntime;
    let broken: string | undefined;

    it(`starts on a fresh ${lesson.spec.cluster.preset} cluster`, async () => {
      host = new CliLessonHost(lesson.spec.cluster.preset, lesson.spec.cluster.seed ?? 1);
      rt = new LessonRuntime(lesson, host);
      await rt.start();
      const view = rt.view();
      if (view.phase !== 'running') broken = 'the lesson did not start';
      expect(view.phase, `${view.error?.en ?? ''}\n${host.transcript}`).toBe('running');
      expect(view.current).toBe(0);
    });

    steps.forEach((step, i) => {
      const gate = gates[i];
      const name = `step ${i + 1} ${step.id} (${step.kind})`;
      if (gate !== undefined) {
        if (requireAll) {
          it(name, () => {
            throw new Error(`needs ${gate}`);
          });
        } else it.skip(`${name} — skipped until the simulator has ${gate}`, () => {});
        return;
      }
      it(name, async () => {
        expect(broken, `an earlier step failed: ${broken}`).toBeUndefined();
        broken = `step ${i + 1} ${step.id}`;
        const view = rt.view();
        expect(view.current, 'the runtime is on this step').toBe(i);
        expect(view.steps[i]!.state, view.error?.en ?? '').not.toBe('preparing');
        const settleS = step.settleSeconds ?? DEFAULT_SETTLE_S;

        if (step.kind === 'predict') rt.answer(step.answer!);
        if (step.checks?.length) {
          // The state before the solution must fail, even after the cluster had time to settle.
          const before = await settle(rt, host, settleS);
          expect(
            before.every((r) => r.passed),
            `the checks of step ${i + 1} already pass before its solution ran:\n` +
              before.map((r) => `  ✓ ${r.title.en}`).join('\n'),
          ).toBe(false);
          for (const line of step.solution ?? []) {
            const status = await host.learner(line);
            rt.recordCommand(line, status);
          }
          const after = await settle(rt, host, settleS);
          expect(
            after.every((r) => r.passed),
            `the solution of step ${i + 1} does not make its checks pass within ${settleS} s:\n${failures(after)}\n--- transcript ---\n${host.transcript}`,
          ).toBe(true);
        } else {
          for (const line of step.solution ?? []) rt.recordCommand(line, await host.learner(line));
        }
        await rt.settled();
        expect(rt.view().steps[i]!.state).toBe('done');
        if (step.kind === 'predict') expect(rt.view().steps[i]!.reveal?.correct).toBe(true);
        await rt.next();
        const after = rt.view();
        if (i === steps.length - 1) expect(after.phase).toBe('finished');
        else expect(after.current, after.error?.en ?? '').toBe(i + 1);
        broken = undefined;
      });
    });
  });
}
