import { sql, type Kysely } from 'kysely'
import { bigint, serialKey } from './migration-columns.js'

export interface Migration {
  name: string
  up(db: Kysely<any>): Promise<void>
}

/**
 * The explicit, ordered list of migrations. Append only: never edit one that has shipped.
 * The same list runs on SQLite and PostgreSQL: Kysely's schema builder, or raw SQL both
 * accept (partial indexes included). Where the types differ (`serialKey`, `bigint` from
 * `migration-columns.ts`), SQLite keeps exactly the schema it always had: existing files
 * have these migrations applied by name.
 */
export const migrations: Migration[] = [
  {
    name: '0001_initial',
    async up(db) {
      await db.schema
        .createTable('connections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('credentials', 'text')
        .addColumn('token_expires_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('employer_cursors')
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('employer_id', 'text', (c) => c.notNull())
        .addColumn('cursor', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('employer_cursors_pk', ['connection_id', 'employer_id'])
        .execute()

      await db.schema
        .createTable('oauth_states')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute()

      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('force', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('employers', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('heartbeat_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('runs_connection').on('runs').columns(['connection_id', 'started_at']).execute()
      await db.schema.createIndex('runs_status').on('runs').column('status').execute()

      await db.schema
        .createTable('records')
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('employer_id', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('records_pk', ['connection_id', 'entity', 'id'])
        .execute()
      await db.schema.createIndex('records_employer').on('records').columns(['connection_id', 'employer_id', 'entity', 'id']).execute()

      await serialKey(db, db.schema.createTable('mutations'), 'sequence')
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('employer_id', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('changes', 'text', (c) => c.notNull())
        .addColumn('record', 'text')
        .addColumn('previous', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('mutations_connection').on('mutations').columns(['connection_id', 'sequence']).execute()
      await db.schema.createIndex('mutations_run').on('mutations').column('run_id').execute()

      await serialKey(db, db.schema.createTable('events'), 'sequence')
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('connection_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('disabled_reason', 'text')
        .addColumn('disabled_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()

      await serialKey(db, db.schema.createTable('deliveries'), 'id')
        .addColumn('subscription_id', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('sequence', bigint(db))
        .addColumn('ordering_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute()
      await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_attempt_at']).execute()
      await db.schema.createIndex('deliveries_order').on('deliveries').columns(['subscription_id', 'ordering_key', 'id']).execute()
      await db.schema.createIndex('deliveries_subscription').on('deliveries').columns(['subscription_id', 'id']).execute()
      await db.schema.createIndex('deliveries_message').on('deliveries').columns(['message_id']).execute()

      await serialKey(db, db.schema.createTable('delivery_attempts'), 'id')
        .addColumn('delivery_id', bigint(db), (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error_class', 'text')
        .addColumn('response_body', 'text')
        .execute()
      await db.schema.createIndex('delivery_attempts_delivery').on('delivery_attempts').column('delivery_id').execute()

      // Changed records of an employer's fetch in progress; applied in one transaction at its end.
      await db.schema
        .createTable('staged_records')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('employer_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('existed', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('staged_records_pk', ['run_id', 'employer_id', 'position'])
        .addUniqueConstraint('staged_records_record', ['run_id', 'employer_id', 'entity', 'id'])
        .execute()
    },
  },
  {
    // Webhook claiming: due rows per subscription in index order, and a partial index of the
    // unfinished ones so "is an earlier delivery of this record still open?" is one probe.
    name: '0002_delivery_claim_indexes',
    async up(db) {
      await sql`CREATE INDEX deliveries_claim ON deliveries (subscription_id, status, next_attempt_at, id)`.execute(db)
      await sql`CREATE INDEX deliveries_open ON deliveries (subscription_id, ordering_key, id) WHERE status IN ('pending', 'delivering')`.execute(db)
    },
  },
  {
    // Fewer indexes to maintain on every claim and result (each delivery changes status twice):
    // the claim and ordering queries use 0002's indexes; leases get a small partial index.
    name: '0003_leaner_delivery_indexes',
    async up(db) {
      await sql`DROP INDEX IF EXISTS deliveries_order`.execute(db)
      await sql`DROP INDEX IF EXISTS deliveries_due`.execute(db)
      await sql`CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE status = 'delivering'`.execute(db)
    },
  },
  {
    // Each delivery's row is rewritten on claim and on result, and SQLite rewrites the whole
    // row: the body (often kilobytes, written once and never changed) moves to its own table
    // so those updates stay narrow. No index covers `payload` (0001–0003), so it can be dropped.
    name: '0004_delivery_payloads',
    async up(db) {
      await db.schema
        .createTable('delivery_payloads')
        .addColumn('delivery_id', bigint(db), (c) => c.primaryKey().references('deliveries.id').onDelete('cascade'))
        .addColumn('payload', 'text', (c) => c.notNull())
        .execute()
      await db
        .insertInto('delivery_payloads')
        .columns(['delivery_id', 'payload'])
        .expression(db.selectFrom('deliveries').select(['id', 'payload']))
        .execute()
      await db.schema.alterTable('deliveries').dropColumn('payload').execute()
    },
  },
  {
    // Which process runs a run, so a starting server fails only runs whose process is gone
    // (not a CLI sync that is still going in another process on the same host).
    name: '0005_run_owner',
    async up(db) {
      await db.schema.alterTable('runs').addColumn('owner', 'text').execute()
    },
  },
  {
    // Run ownership in the database itself: at most one running run per connection, so two
    // processes (or replicas) starting the same connection cannot both insert one; the
    // loser's insert fails (`claimRun` turns that into run_in_progress). Overlaps left by
    // the race this closes keep their newest run; the older ones are failed first.
    name: '0006_one_running_run',
    async up(db) {
      await sql`UPDATE runs SET status = 'failed', error_code = 'shutdown',
          error_message = 'overlapped a newer run of the same connection', finished_at = ${new Date().toISOString()}
        WHERE status = 'running' AND EXISTS (
          SELECT 1 FROM runs AS newer
          WHERE newer.connection_id = runs.connection_id AND newer.status = 'running'
            AND (newer.started_at > runs.started_at OR (newer.started_at = runs.started_at AND newer.id > runs.id)))`.execute(db)
      await sql`CREATE UNIQUE INDEX runs_one_running ON runs (connection_id) WHERE status = 'running'`.execute(db)
    },
  },
  {
    // Metrics read at scrape time (`koppel_runs`, `koppel_last_successful_sync_timestamp_seconds`):
    // runs by connection and status counted from this index alone, and the newest succeeded
    // run of a connection found in one probe (max(finished_at)) instead of reading its rows.
    name: '0007_metrics_runs_by_connection_status',
    async up(db) {
      await sql`CREATE INDEX runs_connection_status ON runs (connection_id, status, finished_at)`.execute(db)
    },
  },
  {
    // `held` deliveries (`release: manual`): they block later deliveries of the same record,
    // so the ordering probe's partial index must cover them; and a small partial index lists
    // a subscription's held ones in sequence order (GET /held, POST /release).
    name: '0008_held_deliveries',
    async up(db) {
      await sql`DROP INDEX IF EXISTS deliveries_open`.execute(db)
      await sql`CREATE INDEX deliveries_open ON deliveries (subscription_id, ordering_key, id) WHERE status IN ('pending', 'delivering', 'held')`.execute(db)
      await sql`CREATE INDEX deliveries_held ON deliveries (subscription_id, sequence) WHERE status = 'held'`.execute(db)
    },
  },
  {
    // Retention (issue 15): the highest pruned mutation sequence per connection and entity,
    // so `GET /api/mutations?after=N` can tell a consumer that part of what it asks for is
    // gone (410 feed_truncated) instead of silently skipping it.
    name: '0009_retention_feed_watermarks',
    async up(db) {
      await db.schema
        .createTable('feed_watermarks')
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('pruned_through', bigint(db), (c) => c.notNull())
        .addPrimaryKeyConstraint('feed_watermarks_pk', ['connection_id', 'entity'])
        .execute()
    },
  },
  {
    // Sequences in commit order (DESIGN §4), with several writers: a one-row counter per
    // sequence, incremented inside the commit transaction. Its row lock (PostgreSQL) or the
    // write lock (SQLite) makes a later commit take higher numbers, so a feed reader paging
    // `after=` never skips a row that commits later with a lower number, and a number is
    // never handed out twice (MAX(sequence)+1 reused the newest one after pruning or rollback).
    // Starts above everything ever handed out: the newest mutation, or a pruned one.
    name: '0010_sequence_counter',
    async up(db) {
      await db.schema
        .createTable('sequence_counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute()
      await sql`INSERT INTO sequence_counters (name, value)
        SELECT 'mutations', COALESCE(MAX(highest), 0) FROM (
          SELECT MAX(sequence) AS highest FROM mutations
          UNION ALL SELECT MAX(pruned_through) AS highest FROM feed_watermarks
        ) AS seen`.execute(db)
    },
  },
  {
    // Leases for work that several processes or replicas may try at once (DESIGN §9, §10):
    // a run's `lease_until`, renewed by its owner (a run past it belongs to a dead process and
    // fails with `lease_expired`); a connection's `refreshing_until`, held while one process
    // uses the refresh token; and one row per scheduled tick, so a tick fires on one replica.
    // Running runs from before keep the old rule: dead once their heartbeat is 2 minutes old.
    name: '0011_replica_leases',
    async up(db) {
      await db.schema.alterTable('runs').addColumn('lease_until', 'text').execute()
      const running = await db.selectFrom('runs').select(['id', 'heartbeat_at']).where('status', '=', 'running').execute()
      for (const run of running as Array<{ id: string; heartbeat_at: string }>) {
        const until = new Date(Date.parse(run.heartbeat_at) + 2 * 60_000)
        await db.updateTable('runs').set({ lease_until: Number.isNaN(until.getTime()) ? new Date(0).toISOString() : until.toISOString() }).where('id', '=', run.id).execute()
      }
      await db.schema.alterTable('connections').addColumn('refreshing_until', 'text').execute()
      await db.schema
        .createTable('schedule_ticks')
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('schedule', 'text', (c) => c.notNull())
        .addColumn('tick_at', 'text', (c) => c.notNull())
        .addColumn('claimed_at', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('schedule_ticks_pk', ['connection_id', 'schedule', 'tick_at'])
        .execute()
      await db.schema.createIndex('schedule_ticks_claimed').on('schedule_ticks').column('claimed_at').execute()
    },
  },
  {
    // Issue 16: a run loads an employer's stored hashes first (every record, ordered by entity
    // and id). With the hash in the employer index that read never leaves the index (no
    // lookup into the table per record: half the time at 400k records). The old index is a
    // prefix of the new one, so nothing else loses its plan.
    name: '0012_records_employer_hash',
    async up(db) {
      await db.schema.createIndex('records_employer_hash').on('records').columns(['connection_id', 'employer_id', 'entity', 'id', 'hash']).execute()
      await db.schema.dropIndex('records_employer').execute()
    },
  },
  {
    // `GET /api/records/:entity` pages in (connection, id) order within one entity: an index
    // in that order lets each page seek to its cursor and read `limit` rows, instead of
    // reading the primary key (connection, entity, id) and sorting every page.
    name: '0013_records_paging_index',
    async up(db) {
      await db.schema.createIndex('records_paging').on('records').columns(['entity', 'connection_id', 'id']).execute()
    },
  },
  {
    // One stored body per message instead of one per delivery (10 subscriptions stored 10
    // copies): the message's full body, with each subscription's `exclude_fields` applied at
    // send time. `delivery_payloads` stays for a delivery with a body of its own: every
    // delivery queued before this migration (so it still sends the bytes it was queued
    // with) and refused ones (only the envelope is kept).
    name: '0014_message_payloads',
    async up(db) {
      await db.schema
        .createTable('message_payloads')
        .addColumn('message_id', 'text', (c) => c.primaryKey())
        .addColumn('payload', 'text', (c) => c.notNull())
        .execute()
    },
  },
  {
    // An employer's commit reads its staged rows per entity in fetch order (`position > …
    // ORDER BY position LIMIT …`). Without an index on exactly that, PostgreSQL with no fresh
    // statistics on the table (it is empty between runs) read every staged row of the entity
    // through the (entity, id) key and sorted them, for every chunk: a resync of 400k
    // employees with 30% changed ran for over 17 minutes.
    name: '0015_staged_records_apply_index',
    async up(db) {
      await db.schema.createIndex('staged_records_apply').on('staged_records').columns(['run_id', 'employer_id', 'entity', 'position']).execute()
    },
  },
]
