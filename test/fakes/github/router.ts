// Matches a concrete request path to a path template of the OpenAPI description.

export interface RouteMatch {
  template: string;
  params: Record<string, string>;
}

interface CompiledRoute {
  template: string;
  names: string[];
  regex: RegExp;
  literals: number;
  multi: number;
}

export class PathRouter {
  private readonly routes: CompiledRoute[];

  /**
   * `multiSegment` maps a template to its parameters marked `x-multi-segment` (git refs,
   * branch names, file paths), which may contain unencoded slashes.
   */
  constructor(templates: Iterable<string>, multiSegment: Map<string, Set<string>> = new Map()) {
    this.routes = [...templates]
      .map((template) => compile(template, multiSegment.get(template) ?? new Set()))
      // Most specific first: more literal segments, then fewer slash-spanning parameters.
      .sort((a, b) => b.literals - a.literals || a.multi - b.multi || a.names.length - b.names.length);
  }

  match(path: string): RouteMatch | undefined {
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!);
      });
      return { template: route.template, params };
    }
    return undefined;
  }
}

function compile(template: string, multiSegment: Set<string>): CompiledRoute {
  const names: string[] = [];
  let literals = 0;
  const source = template
    .split('/')
    .map((segment) => {
      if (!segment.includes('{')) {
        literals++;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      // Whole-segment parameters and rare mixed ones such as `{ref}.zip`.
      return segment.replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return multiSegment.has(name) ? '(.+?)' : '([^/]+?)';
      });
    })
    .join('/');
  return { template, names, literals, multi: multiSegment.size, regex: new RegExp(`^${source}$`) };
}
