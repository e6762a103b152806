/**
 * `${NAME}` and `${NAME:-default}` in string values are replaced from the environment after
 * YAML parsing, so that every problem can name the key path it sits under. `$${` escapes.
 */
const PATTERN = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationProblem {
  path: string;
  message: string;
}

export function interpolateEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  problems: InterpolationProblem[],
  path = '',
): unknown {
  if (typeof value === 'string') {
    return value.replace(PATTERN, (whole, name: string | undefined, fallback: string | undefined) => {
      if (whole === '$${') return '${';
      const found = env[name as string];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      problems.push({
        path: path || '(root)',
        message: `environment variable ${name as string} is not set (set it, or write \${${name as string}:-default})`,
      });
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, problems, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateEnv(v, env, problems, path ? `${path}.${k}` : k);
    return out;
  }
  return value;
}
