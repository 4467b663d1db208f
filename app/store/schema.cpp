#include "store/schema.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace fw::store {

namespace {

// Text search uses LIKE, not FTS5: Debian's SQLite 3.40 has FTS5, but an index kept by a
// trigger made each insert about four times as expensive (measured), and ingest comes first.
// TODO: an FTS5 index filled by the writer in idle time, for fast word search over 1M events.
// Times are integer microseconds since the epoch, UTC: exact for NCM's microsecond stamps, eight
// bytes, compared and indexed as numbers.
QList<Migration> buildMigrations()
{
    Migration v1{1, {
        u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s,
        u"CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value) WITHOUT ROWID"_s,
        // AUTOINCREMENT: a seq is never reused, even after the newest rows were pruned, so
        // relay clients resuming "after seq N" never miss or repeat an event.
        uR"(CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            dedup_key BLOB NOT NULL UNIQUE,
            type TEXT NOT NULL,
            category TEXT NOT NULL,
            severity INTEGER NOT NULL,
            title TEXT NOT NULL,
            router_id TEXT NOT NULL,
            account_id TEXT NOT NULL,
            router_name TEXT NOT NULL,
            detected_at INTEGER NOT NULL,
            created_at INTEGER,
            created_at_timeuuid TEXT,
            received_at INTEGER NOT NULL,
            friendly_info TEXT NOT NULL,
            info TEXT NOT NULL,
            alert_json TEXT NOT NULL,
            signature_verified INTEGER NOT NULL,
            source INTEGER NOT NULL))"_s,
        u"CREATE INDEX events_by_router ON events (router_id, seq)"_s,
        u"CREATE INDEX events_by_detected ON events (detected_at)"_s,
        u"CREATE INDEX events_by_type ON events (type, seq)"_s,
        u"CREATE INDEX events_by_category ON events (category, seq)"_s,
    }};

    return {v1};
}

QString applyStep(QSqlDatabase &db, const Migration &step)
{
    if (!db.transaction())
        return sqlErrorText(db.lastError());
    QSqlQuery query(db);
    for (const QString &statement : step.statements) {
        if (!query.exec(statement)) {
            const QString error = sqlErrorText(query.lastError());
            db.rollback();
            return error;
        }
    }
    const bool stored = query.exec(u"DELETE FROM schema_version"_s)
                        && query.exec(u"INSERT INTO schema_version (version) VALUES (%1)"_s.arg(step.version));
    if (!stored || !db.commit()) {
        const QString error = stored ? sqlErrorText(db.lastError()) : sqlErrorText(query.lastError());
        db.rollback();
        return error;
    }
    return {};
}

} // namespace

QString sqlErrorText(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

const QList<Migration> &migrations()
{
    static const QList<Migration> steps = buildMigrations();
    return steps;
}

int currentSchemaVersion()
{
    return migrations().constLast().version;
}

int schemaVersion(QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT name FROM sqlite_master WHERE type = 'table'"_s)) {
        *error = sqlErrorText(query.lastError());
        return -1;
    }
    QStringList tables;
    while (query.next())
        tables.append(query.value(0).toString());
    if (tables.isEmpty())
        return 0;
    if (!tables.contains(u"schema_version"_s)) {
        *error = u"it holds tables but is not a Fleetwall event database"_s;
        return -1;
    }
    if (!query.exec(u"SELECT max(version) FROM schema_version"_s) || !query.next()) {
        *error = sqlErrorText(query.lastError());
        return -1;
    }
    return query.value(0).toInt();
}

QString migrate(QSqlDatabase &db, const QList<Migration> &steps)
{
    QString error;
    const int version = schemaVersion(db, &error);
    if (version < 0)
        return error;
    const int target = steps.isEmpty() ? 0 : steps.constLast().version;
    if (version > target)
        return u"its schema version %1 is newer than this build's %2; use a newer Fleetwall"_s.arg(version).arg(target);

    for (const Migration &step : steps) {
        if (step.version <= version)
            continue;
        error = applyStep(db, step);
        if (!error.isEmpty())
            return u"upgrading its schema to version %1 failed: %2"_s.arg(step.version).arg(error);
    }
    return {};
}

} // namespace fw::store
