/**
 * Lessons: the format (types, loader, Markdown), the checks, the runtime, progress and the
 * chapter map. Pure TypeScript: the browser worker, the CLI and tests use the same code.
 */
export * from './types';
export { loadLesson, lintLesson, groupLessonFiles, parseLessonYaml, stepTextPath, allChecks, LessonLoadError, type LessonFiles } from './loader';
export { parseStepMarkdown, compareStepDocs, codeBlocks, parseActionHref, parseInfo } from './markdown';
export {
  evaluateCheck,
  evaluateChecks,
  describeCheck,
  kindName,
  rolloutStatusMessage,
  type CheckContext,
  type CheckResult,
  type HttpProbe,
  type HttpProbeRequest,
  type HttpProbeResult,
  type RecordedCommand,
} from './checks/index';
export { ResourceMapper, ApiError } from './resources';
export { hostHttpProbe, parseHttpUrl, podHttpProbe } from './hostnet';
export { splitCommands, parseInvocation, matchesInvocation, lineMatches } from './commandline';
export * from './progress';
export * from './catalog';
export * from './runtime';
