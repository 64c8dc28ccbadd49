import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { HANDOFF_ARTIFACT_SCHEMA } from '../../../src/domain/execution/index.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
const addFormats = ((formatsModule as unknown as { default?: typeof formatsModule }).default ??
  formatsModule) as unknown as (ajv: Ajv) => Ajv;

/** The handoff-artifact v1.0 schema's validator: every artifact the engine writes must pass it. */
export const validArtifact = addFormats(new Ajv({ strict: true, allErrors: true })).compile(
  HANDOFF_ARTIFACT_SCHEMA,
);
