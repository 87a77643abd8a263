/**
 * Stacks under construction: a Template plus, for nested stacks, the parameter values the root
 * passes and the stacks it must wait for. `add()` applies the project tags to taggable
 * resources so no generator has to remember them.
 */
import type { CfnValue, Ref } from '../cfn/intrinsics.js';
import { ref } from '../cfn/intrinsics.js';
import { Template, type ParameterDefinition, type ResourceDefinition } from '../cfn/template.js';
import { withTags, type TagSet } from './tags.js';

export class StackBuilder {
  readonly template: Template;
  constructor(
    readonly id: string,
    description: string,
    protected readonly tags: TagSet,
  ) {
    this.template = new Template({ description });
  }

  /** Adds a resource, with the project tags when its type is taggable. */
  add(id: string, def: ResourceDefinition): Ref {
    return this.template.addResource(id, { ...def, Properties: withTags(def.Type, def.Properties, this.tags) });
  }

  /** Replaces resource `id` (added with `add`), with the project tags as `add` gives them. */
  replace(id: string, def: ResourceDefinition): Ref {
    return this.template.replaceResource(id, { ...def, Properties: withTags(def.Type, def.Properties, this.tags) });
  }
}

export class NestedStack extends StackBuilder {
  /** Value the root passes for each declared parameter. */
  readonly inputs = new Map<string, CfnValue>();
  readonly dependsOn = new Set<string>();

  /** Declares a parameter (once) with the value the root passes; returns a Ref to it. */
  input(name: string, def: ParameterDefinition, value: CfnValue): Ref {
    if (!this.inputs.has(name)) {
      this.template.addParameter(name, def);
      this.inputs.set(name, value);
    }
    return ref(name);
  }
}
