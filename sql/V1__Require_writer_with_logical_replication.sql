-- clickpipes-aurora-flyway, step 1: refuse a server that cannot be a ClickPipes CDC source before anything else is
-- written. The bundle's Java pre-check explains more; this guard holds even when the bundle's callback is not
-- registered. It uses no placeholder, so its checksum never changes. Every function and operator is taken from
-- pg_catalog by name: it runs as the master user, and a schema on the search_path could hold same-named ones.
DO $guard$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::int OPERATOR(pg_catalog.<) 120000 THEN
        RAISE EXCEPTION 'ClickPipes bundle refused: the server is PostgreSQL %, and ClickPipes needs 12 or newer.',
            pg_catalog.current_setting('server_version')
            USING HINT = 'Upgrade the cluster to (Aurora) PostgreSQL 12 or newer, then run migrate again.';
    END IF;
    IF pg_catalog.pg_is_in_recovery() THEN
        RAISE EXCEPTION 'ClickPipes bundle refused: the server is in recovery (a read replica or Aurora reader).'
            USING HINT = 'Connect through the cluster writer endpoint <cluster>.cluster-<id>.<region>.rds.amazonaws.com.';
    END IF;
    IF pg_catalog.current_setting('wal_level') OPERATOR(pg_catalog.<>) 'logical' THEN
        RAISE EXCEPTION 'ClickPipes bundle refused: wal_level is %, and ClickPipes needs logical.',
            pg_catalog.current_setting('wal_level')
            -- Two literals on separate lines are one string to the parser: no || operator to resolve.
            USING HINT = 'On Aurora/RDS set rds.logical_replication = 1 in the parameter group and reboot the writer; '
                'on PostgreSQL run ALTER SYSTEM SET wal_level = logical and restart.';
    END IF;
END
$guard$;
