#include "relay/ackstore.h"

#include "core/logging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace fw::relay {

namespace {

QString sqlError(const QSqlQuery &query)
{
    return query.lastError().text();
}

qint64 scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

} // namespace

AckStore::AckStore(QString databasePath)
    : m_path(std::move(databasePath))
    , m_connection(u"fw-relay-acks-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

AckStore::~AckStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool AckStore::exec(const QString &sql, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (query.exec(sql))
        return true;
    *error = u"The relay database %1 failed: %2."_s.arg(m_path, sqlError(query));
    return false;
}

bool AckStore::open(QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
    if (!db.open()) {
        *error = u"Cannot open the relay database %1: %2."_s.arg(m_path, db.lastError().text());
        return false;
    }
    if (!exec(u"PRAGMA journal_mode=WAL"_s, error) || !exec(u"PRAGMA synchronous=NORMAL"_s, error)
        || !exec(u"CREATE TABLE IF NOT EXISTS relay_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s, error)
        || !exec(u"CREATE TABLE IF NOT EXISTS relay_acks (ack_seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                 " from_name TEXT NOT NULL, event_seq INTEGER NOT NULL, dedup_key BLOB NOT NULL,"
                 " by_name TEXT NOT NULL, at_ms INTEGER NOT NULL, note TEXT NOT NULL,"
                 " stored_ms INTEGER NOT NULL)"_s, error))
        return false;

    QSqlQuery select(db);
    if (select.exec(u"SELECT value FROM relay_meta WHERE key = 'server_id'"_s) && select.next()) {
        m_serverId = select.value(0).toString();
        return true;
    }
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlQuery insert(db);
    insert.prepare(u"INSERT INTO relay_meta (key, value) VALUES ('server_id', ?)"_s);
    insert.addBindValue(id);
    if (!insert.exec()) {
        *error = u"The relay database %1 failed: %2."_s.arg(m_path, sqlError(insert));
        return false;
    }
    m_serverId = id;
    return true;
}

bool AckStore::append(Ack *ack, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    query.prepare(u"INSERT INTO relay_acks (from_name, event_seq, dedup_key, by_name, at_ms, note, stored_ms)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(ack->from);
    query.addBindValue(ack->eventSeq);
    query.addBindValue(ack->dedupKey);
    query.addBindValue(ack->by);
    query.addBindValue(ack->at.toMSecsSinceEpoch());
    query.addBindValue(ack->note);
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!query.exec()) {
        *error = u"Cannot store an acknowledgement: %1."_s.arg(sqlError(query));
        return false;
    }
    ack->ackSeq = query.lastInsertId().toLongLong();
    return true;
}

bool AckStore::readAfter(qint64 after, int maxCount, QList<Ack> *acks, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    query.setForwardOnly(true);
    query.prepare(u"SELECT ack_seq, from_name, event_seq, dedup_key, by_name, at_ms, note FROM relay_acks"
                  " WHERE ack_seq > ? ORDER BY ack_seq LIMIT ?"_s);
    query.addBindValue(after);
    query.addBindValue(maxCount);
    if (!query.exec()) {
        *error = u"Cannot read acknowledgements: %1."_s.arg(sqlError(query));
        return false;
    }
    while (query.next()) {
        Ack ack;
        ack.ackSeq = query.value(0).toLongLong();
        ack.from = query.value(1).toString();
        ack.eventSeq = query.value(2).toLongLong();
        ack.dedupKey = query.value(3).toByteArray();
        ack.by = query.value(4).toString();
        ack.at = QDateTime::fromMSecsSinceEpoch(query.value(5).toLongLong(), Qt::UTC);
        ack.note = query.value(6).toString();
        acks->append(std::move(ack));
    }
    return true;
}

qint64 AckStore::headAckSeq()
{
    // sqlite_sequence keeps the highest ack_seq even after pruning.
    return scalar(QSqlDatabase::database(m_connection),
                  u"SELECT seq FROM sqlite_sequence WHERE name = 'relay_acks'"_s);
}

qint64 AckStore::count()
{
    return scalar(QSqlDatabase::database(m_connection), u"SELECT count(*) FROM relay_acks"_s);
}

qint64 AckStore::prune(const QDateTime &olderThan, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    query.prepare(u"DELETE FROM relay_acks WHERE stored_ms < ?"_s);
    query.addBindValue(olderThan.toMSecsSinceEpoch());
    if (!query.exec()) {
        *error = u"Cannot prune acknowledgements: %1."_s.arg(sqlError(query));
        return -1;
    }
    return query.numRowsAffected();
}

} // namespace fw::relay
