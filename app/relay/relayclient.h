#pragma once

#include "relay/protocol.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <deque>
#include <optional>

class QWebSocket;

namespace fw::store {
class EventStore;
}

namespace fw::relay {

// Where a dashboard keeps its place in a relay's stream. Implemented over the local event
// store's key-value table so the position lives with the events it describes.
struct RelayPosition
{
    QString serverId;
    qint64 lastSeq = 0;
    qint64 lastAckSeq = 0;
};

class RelayPositionStore
{
public:
    virtual ~RelayPositionStore() = default;
    virtual RelayPosition loadPosition() = 0;
    virtual bool savePosition(const RelayPosition &position, QString *error) = 0;
};

// The dashboard's side of fleetwall-relay/1 (docs/relay.md). Connects with a token, resumes
// after the last seq its local store committed, feeds events into that store (Source::Relay;
// the store deduplicates against pushes and back-fill), shares acknowledgements, and
// reconnects with exponential backoff and jitter. The recorded seq only advances after the
// store confirmed the commit, and a reconnect waits for appends in flight, so nothing is
// lost and nothing is delivered twice.
class RelayClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RelayClient)

public:
    enum class State {
        Stopped,     // start() not called, or stop()
        Connecting,  // opening the connection or waiting to retry (reason says why)
        Behind,      // connected, replaying stored events
        Connected,   // connected and live
        Error,       // refused for good (token, version): the operator must act; no retry
    };
    Q_ENUM(State)

    RelayClient(store::EventStore *store, RelayPositionStore *positions, QObject *parent = nullptr);
    ~RelayClient() override;

    void setUrl(const QUrl &url) { m_url = url; }
    void setToken(const QString &token) { m_token = token; }
    // For a relay with a private CA; the system's CAs otherwise.
    void setSslConfiguration(const QSslConfiguration &configuration) { m_ssl = configuration; }
    void setBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum);

    void start();
    void stop();

    // Shares an operator's acknowledgement; acknowledgementStored(ref, ...) confirms it.
    // False when not connected (the caller keeps it and shares it later) or when it lacks
    // its time or both the event's dedup key and seq.
    bool shareAcknowledgement(const Ack &ack);

    State state() const { return m_state; }
    QString reason() const { return m_reason; }
    QString serverId() const { return m_position.serverId; }
    qint64 committedSeq() const { return m_position.lastSeq; }
    qint64 lag() const;

    // For tests: drop the connection as if the network failed.
    void abortConnection();

Q_SIGNALS:
    void stateChanged(fw::relay::RelayClient::State state, const QString &reason);
    void lagChanged(qint64 events);
    void acknowledgementReceived(const fw::relay::Ack &ack);
    void acknowledgementStored(const QString &ref, qint64 ackSeq);
    // Events the relay no longer keeps and this dashboard never got: back-fill them from NCM.
    void retentionGap(const fw::relay::RetentionGap &gap);

private:
    struct Pending
    {
        qint64 seq = 0;       // highest seq in this step
        bool done = false;
        bool ok = true;
    };

    void connectNow();
    void onConnected();
    void onDisconnected();
    void onText(const QString &text);
    void onWelcome(const QJsonObject &message);
    void onEvent(const QJsonObject &message);
    void onGap(const QJsonObject &message);
    void onAckShared(const QJsonObject &message);
    void onError(const QJsonObject &message);
    void flushEvents();
    void appendDone(quint64 id, bool ok, const QString &error);
    void advance();
    void savePositionNow();
    void scheduleReconnect(std::chrono::milliseconds delay);
    std::chrono::milliseconds nextBackoff();
    void fail(const QString &reason);
    void setState(State state, const QString &reason);
    void updateLiveState();

    store::EventStore *m_store;
    RelayPositionStore *m_positions;
    QWebSocket *m_socket = nullptr;
    QUrl m_url;
    QString m_token;
    std::optional<QSslConfiguration> m_ssl;
    State m_state = State::Stopped;
    QString m_reason;
    bool m_running = false;
    bool m_welcomed = false;
    bool m_fatal = false;

    RelayPosition m_position;   // committed; what the next hello sends
    bool m_positionDirty = false;
    qint64 m_receivedSeq = 0;   // highest seq received on this connection
    qint64 m_head = 0;
    int m_heartbeatMs = 15000;
    QList<store::Event> m_batch;
    qint64 m_batchSeq = 0;
    std::deque<Pending> m_pending;
    quint64 m_firstPendingId = 0;

    std::chrono::milliseconds m_backoffInitial{1000};
    std::chrono::milliseconds m_backoffMax{60'000};
    int m_attempt = 0;
    QTimer m_reconnectTimer;
    QTimer m_flushTimer;
    QTimer m_saveTimer;
    QTimer m_deadTimer;
};

} // namespace fw::relay
