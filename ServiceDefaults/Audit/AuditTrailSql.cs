namespace HallPlatform.Audit;

/// <summary>
/// The database half of "append-only": triggers that refuse every UPDATE, DELETE and TRUNCATE of
/// <c>audit_entries</c>, whoever sends it (the application, a script, psql). The one exception is the retention
/// purge (<see cref="AuditRetention"/>): inside its own transaction it sets <c>hall.audit_purge = 'on'</c> and
/// <c>hall.audit_purge_before</c> (SET LOCAL semantics, gone at commit), and may then delete rows older than that
/// cutoff, never one younger than the legal minimum of 183 days whatever the cutoff says.
/// Use it in the migration that creates the table: <c>migrationBuilder.Sql(AuditTrailSql.AppendOnly)</c>.
/// </summary>
public static class AuditTrailSql
{
    /// <summary>The youngest an entry may be to be purged, in days ("at least 6 months"), enforced by the trigger.</summary>
    public const int MinimumRetentionDays = 183;

    public const string AppendOnly = """
        CREATE OR REPLACE FUNCTION hall_audit_entries_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            purge_before timestamptz;
        BEGIN
            IF TG_OP = 'DELETE' AND current_setting('hall.audit_purge', true) = 'on' THEN
                purge_before := NULLIF(current_setting('hall.audit_purge_before', true), '')::timestamptz;
                IF purge_before IS NOT NULL
                   AND purge_before <= now() - interval '183 days'
                   AND OLD.occurred_at < purge_before THEN
                    RETURN OLD;
                END IF;
            END IF;
            RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$;

        CREATE TRIGGER audit_entries_append_only
            BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION hall_audit_entries_append_only();

        CREATE TRIGGER audit_entries_no_truncate
            BEFORE TRUNCATE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION hall_audit_entries_append_only();
        """;

    /// <summary>For the migration's Down: drops the triggers and their function (the table is dropped after).</summary>
    public const string DropAppendOnly = """
        DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
        DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries;
        DROP FUNCTION IF EXISTS hall_audit_entries_append_only();
        """;
}
