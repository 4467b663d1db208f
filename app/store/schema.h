#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>

namespace fw::store {

// One step of the event database's schema: applying all steps up to N gives version N.
struct Migration
{
    int version = 0;
    QStringList statements;
};

// SQLite's own words for an error, without Qt's generic suffix ("Unable to fetch row").
QString sqlErrorText(const QSqlError &error);

// The schema history of the events database, oldest first.
const QList<Migration> &migrations();

// The version this build writes (the last migration's).
int currentSchemaVersion();

// Reads the schema version; 0 for an empty database. -1 and *error when unreadable.
int schemaVersion(QSqlDatabase &db, QString *error);

// Brings db up to the last of the given steps, each step in its own transaction. Refuses a
// database newer than the steps know. Returns an empty string or one sentence.
QString migrate(QSqlDatabase &db, const QList<Migration> &steps = migrations());

} // namespace fw::store
