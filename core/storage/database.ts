import type { ColumnType, Generated, Insertable, Kysely, Selectable } from 'kysely'

/** A nullable column that an insert may leave out. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>

/**
 * Table types. Times are ISO-8601 strings in UTC; JSON columns are text. Booleans are 0/1.
 * Everything that must survive a crash lives here: there is no queue in memory.
 */
export interface Database {
  schema_migrations: SchemaMigrationTable
  connections: ConnectionTable
  employer_cursors: EmployerCursorTable
  oauth_states: OAuthStateTable
  runs: RunTable
  records: RecordTable
  staged_records: StagedRecordTable
  mutations: MutationTable
  events: EventTable
  subscriptions: SubscriptionTable
  deliveries: DeliveryTable
  delivery_payloads: DeliveryPayloadTable
  message_payloads: MessagePayloadTable
  delivery_attempts: DeliveryAttemptTable
  feed_watermarks: FeedWatermarkTable
  sequence_counters: SequenceCounterTable
  schedule_ticks: ScheduleTickTable
}

export interface SchemaMigrationTable {
  name: string
  applied_at: string
}

export type ConnectionStatus = 'needs_authorization' | 'ready' | 'syncing' | 'failing'

/** Runtime state of a configured connection; the configuration itself stays in the YAML. */
export interface ConnectionTable {
  id: string
  connector: string
  status: ConnectionStatus
  /** Vault ciphertext of the JSON credentials (tokens), bound to the connection id. */
  credentials: string | null
  /** When the access token expires (plain, so the refresher can plan without decrypting). */
  token_expires_at: string | null
  /** A process is using the refresh token until then (cross-process single flight, DESIGN §9). */
  refreshing_until: Optional<string>
  created_at: string
  updated_at: string
}

export interface EmployerCursorTable {
  connection_id: string
  employer_id: string
  cursor: string
  updated_at: string
}

export interface OAuthStateTable {
  /** SHA-256 of the state; the state itself is never stored. */
  state_hash: string
  connection_id: string
  created_at: string
  expires_at: string
  used_at: string | null
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'held'

export interface RunTable {
  id: string
  connection_id: string
  status: RunStatus
  mode: string
  trigger: string
  force: number
  started_at: string
  finished_at: string | null
  /** JSON: counts per entity. */
  counts: string
  /** JSON: per-employer results. */
  employers: string
  error_code: string | null
  error_message: string | null
  /** When the owner last renewed its lease (or reported progress). */
  heartbeat_at: string
  /** The process running it, `<hostname>:<pid>:<random>` (null for runs from before migration 0005). */
  owner: string | null
  /**
   * The owner's lease (DESIGN §10): renewed while the run goes; a running run past it belongs
   * to a process that died and is failed with `lease_expired`. Null only for finished runs
   * from before migration 0012.
   */
  lease_until: Optional<string>
}

export interface RecordTable {
  connection_id: string
  entity: string
  id: string
  employer_id: string
  hash: string
  /** Canonical JSON of the record. */
  data: string
  updated_at: string
}

/** A created or updated record seen by a fetch still in progress (not yet part of the snapshot). */
export interface StagedRecordTable {
  run_id: string
  employer_id: string
  position: number
  entity: string
  id: string
  hash: string
  data: string
  /** 1 when the record was stored before this fetch (an update), 0 for a new one. */
  existed: number
}

export interface MutationTable {
  sequence: Generated<number>
  id: string
  connection_id: string
  connector: string
  employer_id: string
  entity: string
  record_id: string
  operation: 'created' | 'updated' | 'deleted'
  run_id: string
  changes: string
  record: string | null
  previous: string | null
  created_at: string
}

/** Operational events (`sync.succeeded`, …): delivered like mutations, outside the feed. */
export interface EventTable {
  sequence: Generated<number>
  id: string
  type: string
  connection_id: string | null
  data: string
  created_at: string
}

export interface SubscriptionTable {
  id: string
  status: 'enabled' | 'disabled'
  disabled_reason: string | null
  disabled_at: string | null
  updated_at: string
}

/**
 * `held`: a record mutation for a `release: manual` subscription, waiting to be released
 * ("Verzenden"); never claimed, and it blocks later deliveries of the same record.
 */
export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed' | 'refused' | 'held'

export interface DeliveryTable {
  id: Generated<number>
  subscription_id: string
  /** `mut_…` or `evt_…`: sent as `webhook-id`, stable across retries and replays. */
  message_id: string
  /** Mutation sequence (null for operational events). */
  sequence: number | null
  /** Deliveries with the same (subscription, ordering_key) go strictly in id order. */
  ordering_key: string
  status: DeliveryStatus
  attempts: number
  next_attempt_at: string
  lease_until: string | null
  last_error: string | null
  created_at: string
  finished_at: string | null
}

/**
 * A delivery's own body, apart from its row: the row is rewritten on every claim and result,
 * the body never changes. Deleted with its delivery. Only deliveries queued before
 * `message_payloads` existed and refused ones (the envelope) have one.
 */
export interface DeliveryPayloadTable {
  delivery_id: number
  /** The exact body, built once; every attempt sends these bytes. */
  payload: string
}

/**
 * The body of one message (mutation or operational event), shared by its deliveries to
 * every subscription: `{"type","timestamp","data"}` in full. Each attempt sends it with the
 * subscription's `exclude_fields` applied (`renderPayload`), the same bytes every time.
 * Deleted with the message's last delivery.
 */
export interface MessagePayloadTable {
  message_id: string
  payload: string
}

export interface DeliveryAttemptTable {
  id: Generated<number>
  delivery_id: number
  number: number
  started_at: string
  duration_ms: number
  status_code: number | null
  error_class: string | null
  response_body: string | null
}

/** Retention: the highest mutation sequence pruned so far, per connection and entity. */
export interface FeedWatermarkTable {
  connection_id: string
  entity: string
  pruned_through: number
}

/** The next number of a sequence handed out in commit order (`mutations`): the last one used. */
export interface SequenceCounterTable {
  name: string
  value: number
}

/** A scheduled tick claimed by one replica (insert-if-absent): the others skip it. */
export interface ScheduleTickTable {
  connection_id: string
  /** `incremental` (`schedule`) or `full` (`full_sync_schedule`). */
  schedule: string
  /** The tick's nominal time (ISO), the same on every replica. */
  tick_at: string
  claimed_at: string
  owner: string
}

export type ConnectionRow = Selectable<ConnectionTable>
export type RunRow = Selectable<RunTable>
export type MutationRow = Selectable<MutationTable>
export type DeliveryRow = Selectable<DeliveryTable>
export type NewDelivery = Insertable<DeliveryTable>
export type NewDeliveryAttempt = Insertable<DeliveryAttemptTable>
export type SubscriptionRow = Selectable<SubscriptionTable>

/**
 * What a query module runs on: the database or a transaction (a Kysely `Transaction` is a
 * `Kysely`), so one function serves both.
 */
export type Executor = Kysely<Database>
