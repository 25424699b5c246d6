-- clickpipes-aurora-flyway, step 1: refuse a server that cannot be a ClickPipes CDC source before anything else is
-- written. The bundle's Java pre-check explains more; this guard holds even when the bundle's callback is not
-- registered. It uses no placeholder, so its checksum never changes.
DO $guard$
BEGIN
    IF current_setting('server_version_num')::int < 120000 THEN
        RAISE EXCEPTION 'ClickPipes bundle refused: the server is PostgreSQL %, and ClickPipes needs 12 or newer.',
            current_setting('server_version')
            USING HINT = 'Upgrade the cluster to (Aurora) PostgreSQL 12 or newer, then run migrate again.';
    END IF;
    IF pg_is_in_recovery() THEN
        RAISE EXCEPTION 'ClickPipes bundle refused: the server is in recovery (a read replica or Aurora reader).'
            USING HINT = 'Connect through the cluster writer endpoint <cluster>.cluster-<id>.<region>.rds.amazonaws.com.';
    END IF;
    IF current_setting('wal_level') <> 'logical' THEN
        RAISE EXCEPTION 'ClickPipes bundle refused: wal_level is %, and ClickPipes needs logical.',
            current_setting('wal_level')
            USING HINT = 'On Aurora/RDS set rds.logical_replication = 1 in the parameter group and reboot the writer; '
                || 'on PostgreSQL run ALTER SYSTEM SET wal_level = logical and restart.';
    END IF;
END
$guard$;
