import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, ResourceProperties, TypeDefinition } from '@aws-cdk/service-spec-types';

/**
 * A CloudFormation template checked against the CloudFormation resource specification (the
 * npm package @aws-cdk/aws-service-spec: what cfn-lint checks types and properties against,
 * which cannot be installed here). Not all of CloudFormation: what Kagi's templates use, and
 * any other intrinsic function is reported as unknown rather than passed unchecked.
 */

export type Template = Record<string, unknown>;
type Db = ReturnType<typeof loadAwsServiceSpecSync>;

let db: Db | undefined;
/** The specification, loaded once (about half a second). */
export function specification(): Db {
  db ??= loadAwsServiceSpecSync();
  return db;
}

const TOP_LEVEL = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs']);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata', 'CreationPolicy', 'UpdatePolicy']);
const PARAMETER_KEYS = new Set(['Type', 'Default', 'Description', 'AllowedPattern', 'AllowedValues', 'ConstraintDescription', 'MaxLength', 'MinLength', 'MaxValue', 'MinValue', 'NoEcho']);
const OUTPUT_KEYS = new Set(['Value', 'Description', 'Export', 'Condition']);
const PARAMETER_TYPES = new Set(['String', 'Number', 'List<Number>', 'CommaDelimitedList']);
// AWS-specific parameter types (AWS::EC2::KeyPair::KeyName…) and SSM ones are valid too.
const AWS_PARAMETER_TYPE = /^(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+(::[A-Za-z0-9]+)*|List<AWS::[A-Za-z0-9:]+>|AWS::SSM::Parameter::Value<[^>]+>)$/;
const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const LOGICAL_ID = /^[A-Za-z0-9]+$/;

/** `a string`, `an object`, `an integer`. */
const a = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `${Name}` and `${Resource.Attr}` in a Fn::Sub string; `${!…}` is literal text. */
const subVariables = (text: string) => [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]!);

/** `{ Ref: … }` or `{ "Fn::…": … }`: a value CloudFormation computes. */
const isIntrinsic = (v: unknown) => isObject(v) && Object.keys(v).length === 1 && (Object.keys(v)[0] === 'Ref' || Object.keys(v)[0]!.startsWith('Fn::'));

/** What a value makes when CloudFormation evaluates it, as far as a type check goes. */
type Kind = 'string' | 'number' | 'list' | 'object' | 'boolean' | 'unknown';

/** Every problem found in the template: the empty list when it is valid. */
export function checkTemplate(template: Template, spec: Db = specification()): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(template)) if (!TOP_LEVEL.has(key)) problems.push(`unknown top-level section ${key}`);
  if (template.AWSTemplateFormatVersion !== undefined && template.AWSTemplateFormatVersion !== '2010-09-09') problems.push('AWSTemplateFormatVersion must be 2010-09-09');
  if (typeof template.Description === 'string' && Buffer.byteLength(template.Description) > 1024) problems.push('Description is longer than 1024 bytes');

  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const resources = isObject(template.Resources) ? template.Resources : {};
  if (!isObject(template.Resources) || Object.keys(resources).length === 0) problems.push('Resources must declare at least one resource');

  // Parameters: known keys, a valid type, a default that meets its own constraints.
  for (const [name, parameter] of Object.entries(parameters)) {
    const at = `Parameters.${name}`;
    if (!LOGICAL_ID.test(name)) problems.push(`${at}: a logical ID is letters and digits only`);
    if (!isObject(parameter)) {
      problems.push(`${at} must be an object`);
      continue;
    }
    for (const key of Object.keys(parameter)) if (!PARAMETER_KEYS.has(key)) problems.push(`${at}: unknown key ${key}`);
    const type = parameter.Type;
    if (typeof type !== 'string' || !(PARAMETER_TYPES.has(type) || AWS_PARAMETER_TYPE.test(type))) problems.push(`${at}: invalid Type ${String(type)}`);
    const def = parameter.Default;
    if (def !== undefined) {
      if (type === 'Number' && (typeof def === 'number' ? false : !/^-?\d+(\.\d+)?$/.test(String(def)))) problems.push(`${at}: Default ${String(def)} is not a number`);
      if (typeof parameter.AllowedPattern === 'string' && !new RegExp(`^(?:${parameter.AllowedPattern})$`).test(String(def))) problems.push(`${at}: Default ${String(def)} does not match AllowedPattern`);
      if (typeof parameter.MinValue === 'number' && Number(def) < parameter.MinValue) problems.push(`${at}: Default is below MinValue`);
      if (typeof parameter.MaxValue === 'number' && Number(def) > parameter.MaxValue) problems.push(`${at}: Default is above MaxValue`);
      if (Array.isArray(parameter.AllowedValues) && !parameter.AllowedValues.map(String).includes(String(def))) problems.push(`${at}: Default is not one of AllowedValues`);
    }
    if (parameter.AllowedPattern !== undefined && type !== 'String') problems.push(`${at}: AllowedPattern applies to String parameters only`);
  }

  const resourceSpecs = new Map<string, Resource>();
  for (const [id, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== 'string') continue;
    const found = spec.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    if (found.length === 1) resourceSpecs.set(id, found[0]!);
  }

  /** The kind of value an intrinsic function makes, with its references checked. */
  function intrinsic(value: Record<string, unknown>, at: string): Kind | null {
    if (!isIntrinsic(value)) return null;
    const [fn] = Object.keys(value) as [string];
    const arg = value[fn];
    switch (fn) {
      case 'Ref': {
        if (typeof arg !== 'string') {
          problems.push(`${at}: Ref takes a name`);
          return 'unknown';
        }
        if (isObject(parameters[arg])) {
          const type = (parameters[arg] as Record<string, unknown>).Type;
          return type === 'Number' ? 'number' : typeof type === 'string' && type.startsWith('List<') || type === 'CommaDelimitedList' ? 'list' : 'string';
        }
        if (arg in resources) return 'string';
        if (PSEUDO_PARAMETERS.has(arg)) return arg === 'AWS::NotificationARNs' ? 'list' : 'string';
        problems.push(`${at}: Ref to ${arg}, which is neither a parameter, a resource nor a pseudo parameter`);
        return 'unknown';
      }
      case 'Fn::GetAtt': {
        const [resource, attribute] = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split(/\.(.*)/) : [];
        if (typeof resource !== 'string' || typeof attribute !== 'string') {
          problems.push(`${at}: Fn::GetAtt takes [resource, attribute]`);
          return 'unknown';
        }
        getAtt(resource, attribute, at);
        return 'string';
      }
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
        if (typeof text !== 'string' || (variables !== undefined && !isObject(variables))) {
          problems.push(`${at}: Fn::Sub takes a string, or [string, {variables}]`);
          return 'string';
        }
        for (const name of subVariables(text)) {
          if (isObject(variables) && name in variables) continue;
          if (name.includes('.')) {
            const [resource, attribute] = name.split(/\.(.*)/) as [string, string];
            getAtt(resource, attribute, at);
          } else if (!(name in parameters) && !(name in resources) && !PSEUDO_PARAMETERS.has(name)) {
            problems.push(`${at}: Fn::Sub names \${${name}}, which is neither a parameter, a resource nor a pseudo parameter (write \${!${name}} for the literal text)`);
          }
        }
        if (isObject(variables)) for (const [name, v] of Object.entries(variables)) valueKind(v, `${at}.Fn::Sub.${name}`);
        return 'string';
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') problems.push(`${at}: Fn::Join takes [delimiter, [values]]`);
        else valueKind(arg[1], `${at}.Fn::Join`);
        return 'string';
      }
      default:
        problems.push(`${at}: ${fn} is not checked here (add it to tests/support/cloudformation.ts)`);
        return 'unknown';
    }
  }

  function getAtt(resource: string, attribute: string, at: string) {
    const target = resourceSpecs.get(resource);
    if (!(resource in resources)) problems.push(`${at}: Fn::GetAtt of ${resource}, which is not a resource of the template`);
    else if (target && !(attribute in target.attributes)) problems.push(`${at}: ${target.cloudFormationType} has no attribute ${attribute} (it has ${Object.keys(target.attributes).join(', ')})`);
  }

  /** The kind of a value, checking every intrinsic function inside it. */
  function valueKind(value: unknown, at: string): Kind {
    if (typeof value === 'string') return 'string';
    if (typeof value === 'number') return 'number';
    if (typeof value === 'boolean') return 'boolean';
    if (Array.isArray(value)) {
      value.forEach((v, i) => valueKind(v, `${at}[${i}]`));
      return 'list';
    }
    if (isObject(value)) {
      const kind = intrinsic(value, at);
      if (kind) return kind;
      for (const [k, v] of Object.entries(value)) valueKind(v, `${at}.${k}`);
      return 'object';
    }
    return 'unknown';
  }

  /** A value against a property type of the specification. */
  function checkValue(value: unknown, type: PropertyType, at: string) {
    const kind = valueKind(value, at);
    if (kind === 'unknown') return;
    const fits = (t: PropertyType): boolean => {
      switch (t.type) {
        case 'string':
        case 'date-time':
          // CloudFormation turns numbers and booleans into strings where a string is wanted.
          return kind === 'string' || kind === 'number' || kind === 'boolean';
        case 'number':
        case 'integer':
          // A literal string must be a number; a parameter's value is CloudFormation's to convert.
          return kind === 'number' || (kind === 'string' && (typeof value !== 'string' || /^-?\d+(\.\d+)?$/.test(value)));
        case 'boolean':
          return kind === 'boolean' || (kind === 'string' && (typeof value !== 'string' || value === 'true' || value === 'false'));
        case 'json':
          return kind === 'object' || kind === 'list';
        case 'array':
          return kind === 'list';
        case 'map':
        case 'ref':
        case 'tag':
          return kind === 'object';
        case 'union':
          return t.types.some(fits);
        default:
          return true;
      }
    };
    if (!fits(type)) {
      problems.push(`${at}: ${a(kind)} where the specification wants ${describe(type)}`);
      return;
    }
    // Inside: the elements of a list, the fields of a typed object or a tag.
    if (isIntrinsic(value)) return;
    const chosen = type.type === 'union' ? type.types.find(fits)! : type;
    if (chosen.type === 'array' && Array.isArray(value)) value.forEach((v, i) => checkValue(v, chosen.element, `${at}[${i}]`));
    else if (chosen.type === 'map' && isObject(value)) for (const [k, v] of Object.entries(value)) checkValue(v, chosen.element, `${at}.${k}`);
    else if (chosen.type === 'ref' && isObject(value)) {
      const definition = spec.get('typeDefinition', chosen.reference) as TypeDefinition;
      checkProperties(value, definition.properties, `${at}`, definition.name);
    } else if (chosen.type === 'tag' && isObject(value)) {
      checkProperties(value, { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } }, at, 'Tag');
    }
  }

  function describe(type: PropertyType): string {
    switch (type.type) {
      case 'array':
        return `a list of ${describe(type.element)}`;
      case 'map':
        return `a map of ${describe(type.element)}`;
      case 'union':
        return type.types.map(describe).join(' or ');
      case 'ref':
        return `an object (${(spec.get('typeDefinition', type.reference) as TypeDefinition).name})`;
      default:
        return a(type.type);
    }
  }

  function checkProperties(given: Record<string, unknown>, known: ResourceProperties, at: string, what: string) {
    for (const [name, value] of Object.entries(given)) {
      const property = known[name];
      if (!property) problems.push(`${at}: ${what} has no property ${name} (it has ${Object.keys(known).sort().join(', ')})`);
      else checkValue(value, property.type, `${at}.${name}`);
    }
    for (const [name, property] of Object.entries(known)) {
      if (property.required && !(name in given)) problems.push(`${at}: ${what} requires ${name}`);
    }
  }

  for (const [id, resource] of Object.entries(resources)) {
    const at = `Resources.${id}`;
    if (!LOGICAL_ID.test(id)) problems.push(`${at}: a logical ID is letters and digits only`);
    if (id in parameters) problems.push(`${at}: a parameter has the same logical ID`);
    if (!isObject(resource)) {
      problems.push(`${at} must be an object`);
      continue;
    }
    for (const key of Object.keys(resource)) if (!RESOURCE_KEYS.has(key)) problems.push(`${at}: unknown key ${key}`);
    const target = resourceSpecs.get(id);
    if (!target) {
      problems.push(`${at}: ${String(resource.Type)} is not a resource type of the CloudFormation specification`);
      continue;
    }
    const properties = resource.Properties ?? {};
    if (!isObject(properties)) problems.push(`${at}.Properties must be an object`);
    else checkProperties(properties, target.properties, `${at}.Properties`, target.cloudFormationType);
  }

  for (const [name, output] of Object.entries(isObject(template.Outputs) ? template.Outputs : {})) {
    const at = `Outputs.${name}`;
    if (!LOGICAL_ID.test(name)) problems.push(`${at}: a logical ID is letters and digits only`);
    if (!isObject(output) || !('Value' in output)) {
      problems.push(`${at} needs a Value`);
      continue;
    }
    for (const key of Object.keys(output)) if (!OUTPUT_KEYS.has(key)) problems.push(`${at}: unknown key ${key}`);
    const kind = valueKind(output.Value, `${at}.Value`);
    if (kind === 'object') problems.push(`${at}.Value must be a string (or an intrinsic function making one)`);
  }
  return problems;
}

/**
 * A value as CloudFormation would evaluate it with these parameter values (Ref, Fn::Sub with
 * its `${!literal}`, Fn::Join): what a stack created with them would hold.
 */
export function evaluate(value: unknown, parameters: Record<string, string | number>, pseudo: Record<string, string> = { 'AWS::Partition': 'aws' }): unknown {
  const lookup = (name: string) => {
    const found = name in parameters ? parameters[name] : pseudo[name];
    if (found === undefined) throw new Error(`no value for ${name}`);
    return found;
  };
  if (Array.isArray(value)) return value.map((v) => evaluate(v, parameters, pseudo));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref') return lookup(value.Ref as string);
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    const arg = value['Fn::Sub'];
    const [text, variables] = Array.isArray(arg) ? [arg[0] as string, arg[1] as Record<string, unknown>] : [arg as string, {}];
    return text.replace(/\$\{(!?)([^}]*)\}/g, (_, bang: string, name: string) =>
      bang ? `\${${name}}` : String(name in variables ? evaluate(variables[name], parameters, pseudo) : lookup(name)),
    );
  }
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map((v) => evaluate(v, parameters, pseudo)).join(delimiter);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, parameters, pseudo)]));
}

/** The parameters' defaults, with the values given for those without one. */
export function defaultParameters(template: Template, given: Record<string, string | number> = {}): Record<string, string | number> {
  const declared = (isObject(template.Parameters) ? template.Parameters : {}) as Record<string, { Default?: string | number }>;
  const values: Record<string, string | number> = {};
  for (const [name, parameter] of Object.entries(declared)) {
    const value = name in given ? given[name] : parameter.Default;
    if (value === undefined) throw new Error(`parameter ${name} has no default: give it a value`);
    values[name] = value;
  }
  return values;
}
