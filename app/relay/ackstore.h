#pragma once

#include "relay/protocol.h"

#include <QSqlDatabase>
#include <QString>

namespace fw::relay {

// The relay's own tables beside the events, in the same SQLite file: its identity
// (server_id, which names the seq space) and the shared acknowledgements with their ack_seq.
// Lives on one thread (the relay server's); its own connection, WAL, a busy timeout so it
// waits for the event store's writer instead of failing.
class AckStore final
{
public:
    explicit AckStore(QString databasePath);
    ~AckStore();
    Q_DISABLE_COPY_MOVE(AckStore)

    bool open(QString *error);
    QString serverId() const { return m_serverId; }

    // Stores the ack and sets ack->ackSeq. False and *error on failure.
    bool append(Ack *ack, QString *error);
    bool readAfter(qint64 after, int maxCount, QList<Ack> *acks, QString *error);
    qint64 headAckSeq();
    qint64 count();
    qint64 prune(const QDateTime &olderThan, QString *error);

private:
    bool exec(const QString &sql, QString *error);

    QString m_path;
    QString m_connection;
    QString m_serverId;
};

} // namespace fw::relay
