/**
 * Which Python runs the user's reducers and buses. The user's code imports what the chapter imports
 * (`motor`, `aio_pika`, `aiokafka`), installed in their own environment, so the interpreter they chose wins:
 * the Python extension's selected environment, else the `eventFlows.python.interpreter` setting, else
 * `python3` on the PATH. Pure: the editor side hands in how to ask each source.
 */

export type InterpreterSource = 'python-extension' | 'setting' | 'path';

export interface ResolvedInterpreter {
  /** What is spawned: an absolute path, or `python3` looked up on the PATH. */
  command: string;
  source: InterpreterSource;
}

export interface InterpreterSources {
  /** The Python extension's selected interpreter, or undefined when it is not installed or has none. */
  pythonExtension?: () => Promise<string | undefined>;
  /** `eventFlows.python.interpreter` as the user set it (empty or unset: not set). */
  setting?: () => string | undefined;
  /** Where a failure of one source is said (the next source is used). */
  warn?: (message: string) => void;
}

export const DEFAULT_PYTHON = 'python3';

export async function resolvePythonInterpreter(sources: InterpreterSources): Promise<ResolvedInterpreter> {
  if (sources.pythonExtension) {
    try {
      const selected = (await sources.pythonExtension())?.trim();
      if (selected) return { command: selected, source: 'python-extension' };
    } catch (error) {
      sources.warn?.(`The Python extension did not say which interpreter is selected (${error instanceof Error ? error.message : String(error)}); using the next choice`);
    }
  }
  const setting = sources.setting?.()?.trim();
  if (setting) return { command: setting, source: 'setting' };
  return { command: DEFAULT_PYTHON, source: 'path' };
}

/** PyPI names of the modules the chapter imports whose package is named differently. */
const PACKAGE_OF_MODULE: Record<string, string> = { aio_pika: 'aio-pika', yaml: 'pyyaml', bson: 'pymongo', dateutil: 'python-dateutil' };

/** The command that installs `module` (a dotted import name) into `interpreter`'s environment. */
export function pipInstallCommand(interpreter: string, module: string): string {
  const top = module.split('.')[0];
  const quoted = /^[\w@%+=:,./-]+$/.test(interpreter) ? interpreter : `"${interpreter.replace(/(["\\$`])/g, '\\$1')}"`;
  return `${quoted} -m pip install ${PACKAGE_OF_MODULE[top] ?? top}`;
}

/**
 * The interpreter the Python extension (`ms-python.python`) has selected for `resource`, read through its
 * public API: `environments.getActiveEnvironmentPath` + `resolveEnvironment` (the current API), else the
 * older `settings.getExecutionDetails(resource).execCommand`. The API is the extension's, not ours, so its
 * shape is checked at every step; anything unexpected gives undefined (the next source is used).
 */
export async function interpreterFromPythonApi(api: unknown, resource: unknown): Promise<string | undefined> {
  if (!isObject(api)) return undefined;
  const environments = api.environments;
  if (isObject(environments) && typeof environments.getActiveEnvironmentPath === 'function') {
    const active: unknown = environments.getActiveEnvironmentPath.call(environments, resource);
    if (isObject(active) && typeof active.path === 'string' && active.path) {
      if (typeof environments.resolveEnvironment === 'function') {
        const resolved: unknown = await environments.resolveEnvironment.call(environments, active);
        const executable = isObject(resolved) && isObject(resolved.executable) ? resolved.executable : undefined;
        const uri = executable && isObject(executable.uri) ? executable.uri : undefined;
        if (uri && typeof uri.fsPath === 'string' && uri.fsPath) return uri.fsPath;
      }
      return active.path;
    }
  }
  const settings = api.settings;
  if (isObject(settings) && typeof settings.getExecutionDetails === 'function') {
    const details: unknown = settings.getExecutionDetails.call(settings, resource);
    const command = isObject(details) ? details.execCommand : undefined;
    if (Array.isArray(command) && typeof command[0] === 'string' && command[0]) return command[0];
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
