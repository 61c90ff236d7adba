/**
 * What one channel's sampled messages say about its message types: per event type, a payload schema and a
 * headers schema inferred from the samples, and where the correlation id was found (the identity rules'
 * place that held it, counted per place so the document names the usual one).
 */
import type { FlowEvent } from '../envelope';
import { DEFAULT_IDENTITY_RULES, identityPlaceOf, type IdentityRules } from '../identity';
import { DEFAULT_INFERENCE_LIMITS, SchemaInference, type InferenceLimits } from './schemaInference';

/** Types kept per channel; events of any further type are counted, not described. */
export const MAX_TYPES_PER_CHANNEL = 50;
/** Where an AMQP basic property held the id: browsing keeps headers and body, not the properties. */
export const PROPERTY_CORRELATION = 'property:correlationId';

export class MessageTypeSample {
  readonly payload: SchemaInference;
  readonly headers: SchemaInference;
  count = 0;
  /** Messages whose payload was not JSON (text or bytes kept as a preview). */
  notJson = 0;
  readonly correlationPlaces = new Map<string, number>();

  constructor(
    readonly type: string,
    limits: InferenceLimits,
  ) {
    this.payload = new SchemaInference(limits);
    this.headers = new SchemaInference(limits);
  }

  /** The place that held the correlation id most often, or undefined when no sample had one. */
  correlationPlace(): string | undefined {
    let best: string | undefined;
    let most = 0;
    for (const [place, count] of this.correlationPlaces) {
      if (count > most || (count === most && best !== undefined && place < best)) {
        best = place;
        most = count;
      }
    }
    return best;
  }
}

export class ChannelMessages {
  readonly types = new Map<string, MessageTypeSample>();
  sampled = 0;
  /** Events of types past `MAX_TYPES_PER_CHANNEL`. */
  otherTypes = 0;

  constructor(
    private readonly rules: IdentityRules = DEFAULT_IDENTITY_RULES,
    private readonly limits: InferenceLimits = DEFAULT_INFERENCE_LIMITS,
  ) {}

  observe(event: FlowEvent): void {
    this.sampled += 1;
    const name = event.type === '' ? 'message' : event.type;
    let sample = this.types.get(name);
    if (sample === undefined) {
      if (this.types.size >= MAX_TYPES_PER_CHANNEL) {
        this.otherTypes += 1;
        return;
      }
      sample = new MessageTypeSample(name, this.limits);
      this.types.set(name, sample);
    }
    sample.count += 1;
    const json = event.payload === undefined || event.payload.kind === 'json';
    if (!json) sample.notJson += 1;
    sample.payload.observe(event.data);
    const headers = event.metadata.headers ?? [];
    const headerObject: Record<string, string> = {};
    for (const header of headers) if (!Object.prototype.hasOwnProperty.call(headerObject, header.key)) headerObject[header.key] = header.value;
    sample.headers.observe(headerObject);
    const place = identityPlaceOf('correlationId', { headers, ...(json ? { body: event.data } : {}) }, this.rules) ?? (event.metadata.correlationId !== undefined ? PROPERTY_CORRELATION : undefined);
    if (place !== undefined) sample.correlationPlaces.set(place, (sample.correlationPlaces.get(place) ?? 0) + 1);
  }
}
