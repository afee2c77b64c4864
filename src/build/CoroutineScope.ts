import * as t from '@babel/types';

/**
 * Scope analysis for one coroutine: which names are its locals, which of those
 * must live in fields of the compiled machine (everything declared in a scope that
 * spans a `yield`, plus parameters and `var`s), and which constructs rule out
 * compiling it. References to field locals are rewritten in place to `this._name`.
 */

/** One declared name. */
export interface Binding {
  name: string;
  /** Field name on the machine, or null when the binding stays a plain JS local. */
  field: string | null;
  /** Declared by the coroutine's own code (not a nested function). */
  own: boolean;
  /** Declared with `const`. */
  constant?: boolean;
}

/** Why a coroutine cannot be compiled, and where. */
export interface Obstacle {
  node: t.Node;
  construct: string;
  advice: string;
}

interface Scope {
  parent: Scope | null;
  bindings: Map<string, Binding>;
  own: boolean;
  exploded: boolean;
  isFunction: boolean;
}

const TS_EXPRESSION_WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression']);
const SKIP_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeParameters', 'implements', 'decorators']);

/** Whether `node` contains a yield outside nested functions. Memoized per node. */
export function makeHasYield(): (node: t.Node | null | undefined) => boolean {
  const memo = new WeakMap<t.Node, boolean>();
  const has = (node: t.Node | null | undefined): boolean => {
    if (!node) return false;
    const m = memo.get(node);
    if (m !== undefined) return m;
    let r = false;
    if (node.type === 'YieldExpression') r = true;
    else if (!t.isFunction(node)) {
      for (const key of t.VISITOR_KEYS[node.type] ?? []) {
        const v = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(v)) {
          for (const c of v) if (c && typeof c === 'object' && has(c as t.Node)) r = true;
        } else if (v && typeof v === 'object' && has(v as t.Node)) r = true;
        if (r) break;
      }
    }
    memo.set(node, r);
    return r;
  };
  return has;
}

/** Names bound by a pattern (params, declarators, catch params). */
function patternIds(p: t.Node | null | undefined, out: t.Identifier[]): t.Identifier[] {
  if (!p) return out;
  switch (p.type) {
    case 'Identifier':
      out.push(p);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties) patternIds(prop.type === 'RestElement' ? prop.argument : (prop.value as t.Node), out);
      break;
    case 'ArrayPattern':
      for (const e of p.elements) patternIds(e, out);
      break;
    case 'AssignmentPattern':
      patternIds(p.left, out);
      break;
    case 'RestElement':
      patternIds(p.argument, out);
      break;
    case 'TSParameterProperty':
      patternIds(p.parameter, out);
      break;
  }
  return out;
}

/** The result of {@link analyzeCoroutine}. */
export interface CoroutineScopeInfo {
  /** Field names in declaration order (params first). */
  fields: string[];
  /** Field of each parameter, in order. */
  paramFields: string[];
  /**
   * Fields of `let`/`const` locals declared with a number: the machine keeps them
   * numbers from construction on (0 before the declaration runs), so V8 stores
   * them as in-place doubles and `t += 0.1` boxes nothing.
   */
  numericFields: Set<string>;
  obstacle: Obstacle | null;
  hasYield: (node: t.Node | null | undefined) => boolean;
}

/**
 * Analyze `fn` (the generator written inline in `coroutine(...)`) and rewrite, in
 * place, every reference to a field local into `this._name` (declarations of
 * field locals become assignments). Returns the fields and the first obstacle.
 *
 * @example
 * const info = analyzeCoroutine(fnNode);
 * if (info.obstacle) warn(info.obstacle);
 */
export function analyzeCoroutine(fn: t.FunctionExpression): CoroutineScopeInfo {
  // TypeScript's `this:` parameter is a type, not an argument (the next tool strips it).
  fn.params = fn.params.filter((p) => !(p.type === 'Identifier' && p.name === 'this'));
  const hasYield = makeHasYield();
  const fields: string[] = [];
  const numericFields = new Set<string>();
  const used = new Set<string>();
  let obstacle: Obstacle | null = null;
  const stop = (node: t.Node, construct: string, advice: string): void => {
    if (!obstacle) obstacle = { node, construct, advice };
  };
  const fieldName = (name: string): string => {
    let f = `_${name}`;
    for (let i = 2; used.has(f) || f === '__proto__'; i++) f = `_${name}$${i}`;
    used.add(f);
    fields.push(f);
    return f;
  };
  const declare = (scope: Scope, id: t.Identifier, forceField = false): void => {
    if (scope.bindings.has(id.name)) return;
    const field = scope.own && (scope.exploded || forceField) ? fieldName(id.name) : null;
    scope.bindings.set(id.name, { name: id.name, field, own: scope.own });
  };
  const lookup = (scope: Scope | null, name: string): Binding | null => {
    for (let s = scope; s; s = s.parent) {
      const b = s.bindings.get(name);
      if (b) return b;
    }
    return null;
  };
  const newScope = (parent: Scope | null, own: boolean, exploded: boolean, isFunction = false): Scope => ({ parent, bindings: new Map(), own, exploded, isFunction });

  /** Hoist `var`s (into the function scope) and, for a statement list, its lexical declarations. */
  const hoistVars = (node: t.Node, fscope: Scope): void => {
    if (t.isFunction(node)) return;
    if (node.type === 'VariableDeclaration' && node.kind === 'var') for (const d of node.declarations) for (const id of patternIds(d.id, [])) declare(fscope, id, true);
    for (const key of t.VISITOR_KEYS[node.type] ?? []) {
      if (SKIP_KEYS.has(key)) continue;
      const v = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c === 'object') hoistVars(c as t.Node, fscope);
      } else if (v && typeof v === 'object') hoistVars(v as t.Node, fscope);
    }
  };
  const hoistLexical = (stmts: readonly t.Node[], scope: Scope): void => {
    for (const s of stmts) {
      if (s.type === 'VariableDeclaration' && s.kind !== 'var')
        for (const d of s.declarations)
          for (const id of patternIds(d.id, [])) {
            declare(scope, id);
            if (s.kind === 'const') scope.bindings.get(id.name)!.constant = true;
          }
      else if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id) {
        declare(scope, s.id);
        if (s.type === 'FunctionDeclaration' && scope.own && scope.exploded)
          stop(s, 'a function declaration in the coroutine body', 'Move the function out of the coroutine, or assign an arrow function to a const.');
      }
    }
  };

  const own = newScope(null, true, true, true);
  const selfScope = newScope(null, false, false);
  if (fn.id) selfScope.bindings.set(fn.id.name, { name: fn.id.name, field: null, own: false });
  own.parent = selfScope;
  const paramFields: string[] = [];
  if (fn.params.length > 4) stop(fn.params[4]!, 'more than four parameters', 'Pass an object or fewer arguments: tasks.start passes up to four.');
  for (const p of fn.params) {
    const target = p.type === 'AssignmentPattern' ? p.left : p;
    if (target.type !== 'Identifier') {
      stop(p, p.type === 'RestElement' ? 'a rest parameter' : 'a destructuring parameter', 'Take a plain parameter and destructure it in the body.');
      continue;
    }
    declare(own, target, true);
    paramFields.push(own.bindings.get(target.name)!.field!);
  }
  // The body is a scope of its own: default values of parameters do not see its
  // declarations. A body `var` named like a parameter is that parameter.
  const body = newScope(own, true, true, true);
  hoistVars(fn.body, body);
  for (const name of [...body.bindings.keys()]) if (own.bindings.has(name)) body.bindings.delete(name);
  hoistLexical(fn.body.body, body);

  /** Replace `parent[key]` (or `parent[key][index]`) with `repl`. */
  const replace = (parent: t.Node, key: string, index: number | null, repl: t.Node): void => {
    const rec = parent as unknown as Record<string, unknown>;
    if (index === null) rec[key] = repl;
    else (rec[key] as t.Node[])[index] = repl;
  };
  const member = (field: string, at: t.Node): t.MemberExpression => {
    const m = t.memberExpression(t.thisExpression(), t.identifier(field));
    m.loc = at.loc;
    m.start = at.start;
    m.end = at.end;
    return m;
  };

  /**
   * Walk `node` in `scope`. `thisOwn` is false inside non-arrow nested functions
   * (which bind their own `this` and `arguments`).
   */
  const walk = (node: t.Node, parent: t.Node | null, key: string, index: number | null, scope: Scope, thisOwn: boolean): void => {
    if (TS_EXPRESSION_WRAPPERS.has(node.type)) {
      walk((node as t.TSAsExpression).expression, node, 'expression', null, scope, thisOwn);
      return;
    }
    if (node.type.startsWith('TS')) return;
    switch (node.type) {
      case 'Identifier': {
        if (!parent || !isReference(node, parent, key)) return;
        if (node.name === 'eval') stop(node, '`eval`', 'Remove eval: it can reach any local.');
        if (node.name === 'arguments' && thisOwn && !lookup(scope, 'arguments')) stop(node, '`arguments`', 'Use named parameters.');
        const b = lookup(scope, node.name);
        if (!b) return;
        if (b === selfScope.bindings.get(node.name)) {
          stop(node, `a reference to the coroutine's own name "${node.name}"`, 'Refer to the coroutine() result instead.');
          return;
        }
        if (b.field) {
          const written = (parent.type === 'AssignmentExpression' && key === 'left') || parent.type === 'UpdateExpression' || ((parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && key === 'left');
          if (b.constant && written) {
            // A field would take the write silently; the generator throws a TypeError.
            stop(node, `an assignment to the constant "${node.name}"`, 'Declare it with let, or assign another name.');
            return;
          }
          if (!scope.own) {
            stop(node, `a closure that captures the coroutine local "${node.name}"`, 'Pass the value as an argument, or hoist the function out and read a component instead.');
            return;
          }
          const m = member(b.field, node);
          // A call through a local must not see the machine as `this`: `(0, this._f)()`.
          const callee = ((parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression') && key === 'callee') || (parent.type === 'TaggedTemplateExpression' && key === 'tag');
          replace(parent, key, index, callee ? t.sequenceExpression([t.numericLiteral(0), m]) : m);
          if (parent.type === 'ObjectProperty' && key === 'value') (parent as t.ObjectProperty).shorthand = false;
        }
        return;
      }
      case 'ThisExpression':
        if (thisOwn) stop(node, '`this`', 'Coroutines are called without a receiver; pass the object as a parameter.');
        return;
      case 'Super':
        if (thisOwn) stop(node, '`super`', 'Pass the object as a parameter.');
        return;
      case 'MetaProperty':
        if (thisOwn && node.meta.name === 'new') stop(node, '`new.target`', 'Remove it.');
        return;
      case 'WithStatement':
        stop(node, 'a `with` statement', 'Remove it (it is not allowed in modules either).');
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod': {
        const f = node as t.Function;
        const arrow = node.type === 'ArrowFunctionExpression';
        const fscope = newScope(scope, false, false, true);
        if (node.type === 'FunctionExpression' && node.id) fscope.bindings.set(node.id.name, { name: node.id.name, field: null, own: false });
        if ((node.type === 'ObjectMethod' || node.type === 'ClassMethod') && node.computed) walk(node.key, node, 'key', null, scope, thisOwn);
        for (const p of f.params) for (const id of patternIds(p, [])) declare(fscope, id);
        if (!arrow) fscope.bindings.set('arguments', { name: 'arguments', field: null, own: false });
        if (f.body.type === 'BlockStatement') {
          hoistVars(f.body, fscope);
          hoistLexical(f.body.body, fscope);
        }
        f.params.forEach((p, i) => walkPattern(p, f, 'params', i, fscope, arrow && thisOwn));
        if (f.body.type === 'BlockStatement') f.body.body.forEach((s, i) => walk(s, f.body, 'body', i, fscope, arrow && thisOwn));
        else walk(f.body, f, 'body', null, fscope, arrow && thisOwn);
        return;
      }
      case 'ClassProperty':
      case 'ClassPrivateProperty':
      case 'ClassAccessorProperty':
      case 'StaticBlock': {
        // A field initializer or a static block runs later, with the class or the
        // instance as `this`: a function of its own for scoping.
        const fscope = newScope(scope, false, false, true);
        fscope.bindings.set('arguments', { name: 'arguments', field: null, own: false });
        if (node.type === 'StaticBlock') {
          hoistVars(node, fscope);
          hoistLexical(node.body, fscope);
          node.body.forEach((s, i) => walk(s, node, 'body', i, fscope, false));
          return;
        }
        if (node.type !== 'ClassPrivateProperty' && node.computed) walk(node.key, node, 'key', null, scope, thisOwn);
        if (node.value) walk(node.value, node, 'value', null, fscope, false);
        return;
      }
      case 'BlockStatement': {
        const bs = newScope(scope, scope.own, scope.own && hasYield(node));
        hoistLexical(node.body, bs);
        node.body.forEach((s, i) => walk(s, node, 'body', i, bs, thisOwn));
        return;
      }
      case 'SwitchStatement': {
        walk(node.discriminant, node, 'discriminant', null, scope, thisOwn);
        const ss = newScope(scope, scope.own, scope.own && hasYield(node));
        for (const c of node.cases) hoistLexical(c.consequent, ss);
        for (const c of node.cases) {
          if (c.test) walk(c.test, c, 'test', null, ss, thisOwn);
          c.consequent.forEach((s, i) => walk(s, c, 'consequent', i, ss, thisOwn));
        }
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const head = node.type === 'ForStatement' ? node.init : node.left;
        const fs = newScope(scope, scope.own, scope.own && hasYield(node));
        if (head && head.type === 'VariableDeclaration' && head.kind !== 'var') for (const d of head.declarations) for (const id of patternIds(d.id, [])) declare(fs, id);
        for (const k of t.VISITOR_KEYS[node.type]!) {
          const v = (node as unknown as Record<string, t.Node | null>)[k];
          if (v) walk(v, node, k, null, fs, thisOwn);
        }
        return;
      }
      case 'CatchClause': {
        const cs = newScope(scope, scope.own, scope.own && hasYield(node.body));
        if (node.param) {
          for (const id of patternIds(node.param, [])) declare(cs, id);
          walkPattern(node.param, node, 'param', null, cs, thisOwn);
        }
        walk(node.body, node, 'body', null, cs, thisOwn);
        return;
      }
      case 'VariableDeclaration': {
        node.declarations.forEach((d, i) => {
          walkPattern(d.id, d, 'id', null, scope, thisOwn);
          if (d.init) walk(d.init, d, 'init', null, scope, thisOwn);
          void i;
        });
        if (node.kind !== 'var')
          for (const d of node.declarations) if (d.id.type === 'MemberExpression' && d.id.property.type === 'Identifier' && isNumberLiteral(d.init)) numericFields.add(d.id.property.name);
        // Declarations of field locals become assignments (the emitter relies on it).
        const ids = node.declarations.flatMap((d) => patternIds(d.id, []));
        if (scope.own && node.declarations.some((d) => d.id.type === 'MemberExpression' || isFieldPattern(d.id))) {
          void ids;
          const assigns = node.declarations
            .filter((d) => d.init || node.kind !== 'var')
            .map((d) => {
              const a = t.assignmentExpression('=', toAssignTarget(d.id), d.init ?? t.identifier('undefined'));
              a.loc = d.loc;
              return a;
            });
          if (!parent) return;
          if (parent.type === 'ForStatement' && key === 'init') replace(parent, key, index, assigns.length ? t.sequenceExpression(assigns) : (null as unknown as t.Node));
          else if ((parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && key === 'left') replace(parent, key, index, toAssignTarget(node.declarations[0]!.id));
          else {
            const st = assigns.length ? t.expressionStatement(assigns.length === 1 ? assigns[0]! : t.sequenceExpression(assigns)) : t.emptyStatement();
            st.loc = node.loc;
            st.start = node.start;
            st.end = node.end;
            replace(parent, key, index, st);
          }
        }
        return;
      }
      case 'ClassExpression':
      case 'ClassDeclaration': {
        // Inside its body a class's name is the class's own binding, never a field.
        const inner = newScope(scope, scope.own, false);
        if (node.id?.type === 'Identifier') inner.bindings.set(node.id.name, { name: node.id.name, field: null, own: false });
        if (node.type === 'ClassExpression') {
          walkChildren(node, inner, thisOwn, new Set(['id']));
          return;
        }
        if (node.id) walkPattern(node.id, node, 'id', null, scope, thisOwn);
        walkChildren(node, inner, thisOwn, new Set(['id']));
        if (node.id && node.id.type !== 'Identifier' && parent) {
          // A class declared in a scope that spans a yield: keep it as `this._C = class C {}`.
          const target = node.id as unknown as t.MemberExpression;
          const name = (target.property as t.Identifier).name.slice(1);
          const cls = t.classExpression(t.identifier(name), node.superClass, node.body, node.decorators);
          replace(parent, key, index, t.expressionStatement(t.assignmentExpression('=', target, cls)));
        }
        return;
      }
    }
    walkChildren(node, scope, thisOwn);
  };

  const walkChildren = (node: t.Node, scope: Scope, thisOwn: boolean, skip?: Set<string>): void => {
    for (const k of t.VISITOR_KEYS[node.type] ?? []) {
      if (SKIP_KEYS.has(k) || skip?.has(k)) continue;
      const v = (node as unknown as Record<string, unknown>)[k];
      if (Array.isArray(v)) v.forEach((c, i) => c && typeof c === 'object' && walk(c as t.Node, node, k, i, scope, thisOwn));
      else if (v && typeof v === 'object') walk(v as t.Node, node, k, null, scope, thisOwn);
    }
  };

  /** A binding position: replace field identifiers with members; walk default values as expressions. */
  const walkPattern = (p: t.Node, parent: t.Node, key: string, index: number | null, scope: Scope, thisOwn: boolean): void => {
    switch (p.type) {
      case 'Identifier': {
        const b = lookup(scope, p.name);
        if (b?.field && scope.own) replace(parent, key, index, member(b.field, p));
        return;
      }
      case 'ObjectPattern':
        p.properties.forEach((prop, i) => {
          if (prop.type === 'RestElement') walkPattern(prop.argument, prop, 'argument', null, scope, thisOwn);
          else {
            if (prop.computed) walk(prop.key, prop, 'key', null, scope, thisOwn);
            walkPattern(prop.value as t.Node, prop, 'value', null, scope, thisOwn);
            if ((prop.value as t.Node).type === 'MemberExpression') prop.shorthand = false;
          }
          void i;
        });
        return;
      case 'ArrayPattern':
        p.elements.forEach((e, i) => e && walkPattern(e, p, 'elements', i, scope, thisOwn));
        return;
      case 'AssignmentPattern':
        walkPattern(p.left, p, 'left', null, scope, thisOwn);
        walk(p.right, p, 'right', null, scope, thisOwn);
        return;
      case 'RestElement':
        walkPattern(p.argument, p, 'argument', null, scope, thisOwn);
        return;
      case 'MemberExpression':
        walk(p, parent, key, index, scope, thisOwn);
        return;
    }
  };

  fn.params.forEach((p, i) => walkPattern(p, fn, 'params', i, own, true));
  fn.body.body.forEach((s, i) => walk(s, fn.body, 'body', i, body, true));
  return { fields, paramFields, numericFields, obstacle, hasYield };
}

/** `1`, `-0.5`, `+2`: a number written as a literal. */
function isNumberLiteral(e: t.Node | null | undefined): boolean {
  if (!e) return false;
  if (e.type === 'NumericLiteral') return true;
  return e.type === 'UnaryExpression' && (e.operator === '-' || e.operator === '+') && e.argument.type === 'NumericLiteral';
}

/** Whether a declarator id (after rewriting) holds any `this._x` target. */
function isFieldPattern(p: t.Node | null | undefined): boolean {
  if (!p) return false;
  switch (p.type) {
    case 'MemberExpression':
      return true;
    case 'ObjectPattern':
      return p.properties.some((q) => isFieldPattern(q.type === 'RestElement' ? q.argument : (q.value as t.Node)));
    case 'ArrayPattern':
      return p.elements.some((e) => isFieldPattern(e));
    case 'AssignmentPattern':
      return isFieldPattern(p.left);
    case 'RestElement':
      return isFieldPattern(p.argument);
  }
  return false;
}

/** A declarator id as an assignment target (patterns are valid assignment targets). */
function toAssignTarget(id: t.Node): t.LVal {
  return id as t.LVal;
}

/** Whether an Identifier at parent[key] reads a binding (rather than naming a property, label, …). */
function isReference(node: t.Identifier, parent: t.Node, key: string): boolean {
  switch (parent.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return key !== 'property' || parent.computed;
    case 'ObjectProperty':
      return key === 'value' || (key === 'key' && parent.computed);
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
      return key === 'key' ? (parent as { computed?: boolean }).computed === true : key === 'value';
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'MetaProperty':
      return false;
    case 'FunctionExpression':
    case 'FunctionDeclaration':
    case 'ClassExpression':
    case 'ClassDeclaration':
      return key !== 'id';
    case 'VariableDeclarator':
      return key === 'init';
    case 'CatchClause':
      return key !== 'param';
    case 'ExportSpecifier':
    case 'ImportSpecifier':
      return false;
  }
  void node;
  return true;
}
