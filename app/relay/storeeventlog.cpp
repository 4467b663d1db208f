#include "relay/storeeventlog.h"

#include "store/sqliteeventstore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace fw::relay {

namespace {

// received_at is stored in microseconds since the epoch (docs/store.md).
QDateTime fromUsec(qint64 usec)
{
    return QDateTime::fromMSecsSinceEpoch(usec / 1000, Qt::UTC);
}

} // namespace

StoreEventLog::StoreEventLog(store::SqliteEventStore *store, QObject *parent)
    : EventLog(parent)
    , m_store(store)
    , m_connection(u"fw-relay-log-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    connect(m_store, &store::EventStore::eventsCommitted, this, &EventLog::appended);
}

StoreEventLog::~StoreEventLog()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool StoreEventLog::open(QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_store->path());
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
    if (!db.open()) {
        *error = u"Cannot open the event database %1: %2."_s.arg(m_store->path(), db.lastError().text());
        return false;
    }
    return true;
}

qint64 StoreEventLog::headSeq()
{
    return m_store->maxSeq();
}

qint64 StoreEventLog::oldestSeq()
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (query.exec(u"SELECT min(seq) FROM events"_s) && query.next() && !query.value(0).isNull())
        return query.value(0).toLongLong();
    return headSeq() + 1;
}

QDateTime StoreEventLog::oldestReceivedAt()
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (query.exec(u"SELECT received_at FROM events ORDER BY seq LIMIT 1"_s) && query.next())
        return fromUsec(query.value(0).toLongLong());
    return {};
}

qint64 StoreEventLog::count()
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (query.exec(u"SELECT count(*) FROM events"_s) && query.next())
        return query.value(0).toLongLong();
    return 0;
}

bool StoreEventLog::readAfter(qint64 after, int maxCount, QList<store::Event> *events, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    query.setForwardOnly(true);
    query.prepare(u"SELECT seq, dedup_key, received_at, signature_verified, alert_json FROM events"
                  " WHERE seq > ? ORDER BY seq LIMIT ?"_s);
    query.addBindValue(after);
    query.addBindValue(maxCount);
    if (!query.exec()) {
        *error = query.lastError().text();
        return false;
    }
    while (query.next()) {
        store::Event event;
        event.seq = query.value(0).toLongLong();
        event.dedupKey = query.value(1).toByteArray();
        event.receivedAt = fromUsec(query.value(2).toLongLong());
        event.signatureVerified = query.value(3).toBool();
        event.alert.json = query.value(4).toString().toUtf8();
        events->append(std::move(event));
    }
    return true;
}

qint64 StoreEventLog::prune(const QDateTime &olderThan, qint64 maxEvents, QString *error)
{
    qint64 cutoff = 0; // every seq up to it goes
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery query(db);
    if (olderThan.isValid()) {
        query.prepare(u"SELECT max(seq) FROM events WHERE received_at < ?"_s);
        query.addBindValue(olderThan.toMSecsSinceEpoch() * 1000);
        if (query.exec() && query.next())
            cutoff = query.value(0).toLongLong();
    }
    if (maxEvents > 0) {
        query.prepare(u"SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET ?"_s);
        query.addBindValue(maxEvents);
        if (query.exec() && query.next())
            cutoff = std::max(cutoff, query.value(0).toLongLong());
    }

    // Small transactions: the store's writer waits for each, so pushes are not held up.
    qint64 removed = 0;
    for (;;) {
        query.prepare(u"DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq <= ? ORDER BY seq"
                      " LIMIT 2000)"_s);
        query.addBindValue(cutoff);
        if (!query.exec()) {
            *error = query.lastError().text();
            return -1;
        }
        const int deleted = query.numRowsAffected();
        removed += deleted;
        if (deleted <= 0)
            return removed;
    }
}

} // namespace fw::relay
