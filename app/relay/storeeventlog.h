#pragma once

#include "relay/eventlog.h"

#include <QString>

namespace fw::store {
class SqliteEventStore;
}

namespace fw::relay {

// The relay's EventLog over the dashboard's own SqliteEventStore: commits come from the
// store's eventsCommitted signal, replay reads and retention run on a connection of this
// class's own (WAL: reads never block the store's writer; deletes wait for it). Reads fill
// only what the protocol sends: seq, dedup key, received_at, signature flag, alert JSON.
// TODO: pruning belongs in SqliteEventStore (it deletes rows of the store's table, by its
// documented columns); move it there when the store grows a retention API.
class StoreEventLog final : public EventLog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreEventLog)

public:
    explicit StoreEventLog(store::SqliteEventStore *store, QObject *parent = nullptr);
    ~StoreEventLog() override;

    // After the store was opened. False and *error when its file cannot be opened here.
    bool open(QString *error);

    qint64 headSeq() override;
    qint64 oldestSeq() override;
    QDateTime oldestReceivedAt() override;
    qint64 count() override;
    bool readAfter(qint64 after, int maxCount, QList<store::Event> *events, QString *error) override;
    qint64 prune(const QDateTime &olderThan, qint64 maxEvents, QString *error) override;

private:
    store::SqliteEventStore *m_store;
    QString m_connection;
};

} // namespace fw::relay
