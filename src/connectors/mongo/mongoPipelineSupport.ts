/**
 * Which aggregation stages and operators the server serves, probed once per store on a one-document
 * pipeline: FerretDB v1 has `$group` with `$sum` and the `$type` operator, but not `$min` / `$max` or the
 * date operators, and says so with error 238 (NotImplemented) when the pipeline is parsed.
 */
import type { Collection, Document } from 'mongodb';
import { errorCode } from './mongoErrors';

export interface PipelineSupport {
  /** `$group` with `$sum`: counting on the server at all. */
  group: boolean;
  /** The `$type` operator inside a `$group` key: payload shapes grouped on the server. */
  type: boolean;
  /** `$min` / `$max` accumulators: first and last time and version of a group. */
  minMax: boolean;
  /** `$dateToString`: events per day grouped on the server. */
  dateToString: boolean;
}

export type PipelineFeature = keyof PipelineSupport;

/** How a missing feature is named to the user. */
export const FEATURE_NAMES: Record<PipelineFeature, string> = {
  group: '$group',
  type: '$type',
  minMax: '$min / $max',
  dateToString: '$dateToString',
};

const PROBES: Record<PipelineFeature, Document> = {
  group: { $group: { _id: '$_id', n: { $sum: 1 } } },
  type: { $group: { _id: { $type: '$_id' }, n: { $sum: 1 } } },
  minMax: { $group: { _id: null, first: { $min: '$_id' }, last: { $max: '$_id' } } },
  dateToString: { $group: { _id: { $dateToString: { format: '%Y-%m-%d', date: new Date(0) } }, n: { $sum: 1 } } },
};

const NOT_IMPLEMENTED = 238;

/**
 * One probe per feature, each on at most one document. A feature the server refuses as not implemented
 * (or as an unknown operator) is missing; any other failure (the network, rights) is thrown.
 */
export async function probePipelineSupport(events: Collection, timeoutMs: number): Promise<PipelineSupport> {
  const support: PipelineSupport = { group: false, type: false, minMax: false, dateToString: false };
  for (const feature of Object.keys(PROBES) as PipelineFeature[]) {
    try {
      await events.aggregate([{ $limit: 1 }, PROBES[feature]], { maxTimeMS: timeoutMs }).toArray();
      support[feature] = true;
    } catch (error) {
      if (!isUnsupported(error)) throw error;
    }
  }
  return support;
}

/** NotImplemented, or MongoDB's own codes for an unknown stage, operator or accumulator. */
export function isUnsupported(error: unknown): boolean {
  const code = errorCode(error);
  return code === NOT_IMPLEMENTED || code === 15952 || code === 168 || code === 40234 || code === 31325 || code === 40324;
}

export function missingFeatures(support: PipelineSupport): PipelineFeature[] {
  return (Object.keys(support) as PipelineFeature[]).filter((feature) => !support[feature]);
}
