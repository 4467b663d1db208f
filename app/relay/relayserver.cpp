#include "relay/relayserver.h"

#include "core/logging.h"
#include "relay/ackstore.h"
#include "relay/eventlog.h"
#include "relay/relaysession.h"

#include <QJsonArray>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fw::relay {

RelayServer::RelayServer(const RelayServerConfig &config, EventLog *log, AckStore *acks,
                         TokenStore *tokens, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_log(log)
    , m_acks(acks)
    , m_tokens(tokens)
    , m_server(new QWebSocketServer(u"fleetwall-relay"_s,
                                    config.tls ? QWebSocketServer::SecureMode : QWebSocketServer::NonSecureMode,
                                    this))
{
    m_server->setMaxPendingConnections(m_config.maxPendingConnections);
    m_server->setHandshakeTimeout(m_config.handshakeTimeout);
    if (m_config.tls)
        m_server->setSslConfiguration(*m_config.tls);
    connect(m_server, &QWebSocketServer::newConnection, this, &RelayServer::acceptConnections);

    // Connected before the head is read: an event committed in between is then either below
    // the floor (read from the log) or arrives through the signal.
    connect(m_log, &EventLog::appended, this, &RelayServer::onAppended);
    m_head = m_log->headSeq();
    m_cacheFloor = m_head;
    m_oldest = m_log->oldestSeq();

    m_tokenTimer.setInterval(m_config.tokenReloadInterval);
    connect(&m_tokenTimer, &QTimer::timeout, this, &RelayServer::reloadTokens);
    m_tokenTimer.start();

    m_retentionTimer.setInterval(m_config.retentionInterval);
    connect(&m_retentionTimer, &QTimer::timeout, this, &RelayServer::pruneNow);
    if (m_config.retentionDays > 0 || m_config.retentionEvents > 0)
        m_retentionTimer.start();

    m_shutdownTimer.setSingleShot(true);
    connect(&m_shutdownTimer, &QTimer::timeout, this, &RelayServer::shutdownFinished);
}

RelayServer::~RelayServer()
{
    // Before the members go: a closing socket may still report back while it is deleted.
    qDeleteAll(std::exchange(m_sessions, {}));
}

bool RelayServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_server->listen(address, port))
        return true;
    m_error = u"Cannot listen for dashboards on %1:%2: %3."_s.arg(address.toString()).arg(port).arg(
            m_server->errorString());
    return false;
}

quint16 RelayServer::serverPort() const
{
    return m_server->serverPort();
}

bool RelayServer::isSecure() const
{
    return m_server->secureMode() == QWebSocketServer::SecureMode;
}

QString RelayServer::serverId() const
{
    return m_acks->serverId();
}

void RelayServer::acceptConnections()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        auto *session = new RelaySession(socket, this);
        m_sessions.append(session);
        if (m_shuttingDown) {
            session->closeWith(CloseCode::GoingAway, u"The relay is shutting down."_s);
        } else if (m_sessions.size() > m_config.maxConnections + m_config.maxPendingConnections) {
            qCWarning(lcRelay) << "Refused a dashboard from" << socket->peerAddress().toString()
                               << "over the connection cap of" << m_config.maxConnections;
            session->closeWith(CloseCode::Busy, u"Too many dashboards are connected."_s);
        }
    }
}

void RelayServer::sessionFinished(RelaySession *session)
{
    if (!m_sessions.removeOne(session))
        return;
    if (session->state() != RelaySession::State::AwaitingHello && !session->name().isEmpty())
        Q_EMIT sessionClosed(session->name(), session->closeCode());
    session->deleteLater();
    if (m_shuttingDown && m_sessions.isEmpty()) {
        m_shutdownTimer.stop();
        Q_EMIT shutdownFinished();
    }
}

void RelayServer::shutdown()
{
    m_shuttingDown = true;
    m_server->close();
    m_tokenTimer.stop();
    m_retentionTimer.stop();
    if (m_sessions.isEmpty()) {
        // Queued so a caller connecting after shutdown() still sees the signal.
        QMetaObject::invokeMethod(this, &RelayServer::shutdownFinished, Qt::QueuedConnection);
        return;
    }
    for (RelaySession *session : std::as_const(m_sessions))
        session->closeWith(CloseCode::GoingAway, u"The relay is shutting down."_s);
    m_shutdownTimer.start(m_config.closeGrace + std::chrono::milliseconds(500));
}

TokenStore::Verification RelayServer::verifyToken(QStringView token)
{
    QString error;
    m_tokens->reloadIfChanged(&error);
    if (!error.isEmpty())
        qCWarning(lcRelay) << error << "Keeping the tokens read before.";
    return m_tokens->verify(token);
}

void RelayServer::reloadTokens()
{
    QString error;
    if (!m_tokens->reloadIfChanged(&error)) {
        if (!error.isEmpty())
            qCWarning(lcRelay) << error << "Keeping the tokens read before.";
        return;
    }
    for (RelaySession *session : std::as_const(m_sessions))
        session->recheckToken();
}

bool RelayServer::hasRoomForStream() const
{
    const auto streaming = std::count_if(m_sessions.begin(), m_sessions.end(), [](const RelaySession *session) {
        return session->state() == RelaySession::State::Streaming;
    });
    return streaming < m_config.maxConnections;
}

std::optional<Welcome> RelayServer::welcome(RelaySession *session, const Hello &hello, QString *error)
{
    Welcome welcome;
    welcome.serverId = serverId();
    welcome.name = session->name();
    welcome.headSeq = std::max(m_head, m_log->headSeq());
    welcome.oldestSeq = m_log->oldestSeq();
    welcome.headAckSeq = m_acks->headAckSeq();
    welcome.heartbeatMs = int(m_config.heartbeatInterval.count());
    const bool foreign = !hello.serverId.isEmpty() && hello.serverId != welcome.serverId;
    welcome.resumeAfter = foreign || hello.lastSeq > welcome.headSeq ? 0 : hello.lastSeq;
    if (welcome.serverId.isEmpty()) {
        *error = u"The relay has no identity."_s;
        return std::nullopt;
    }
    return welcome;
}


bool RelayServer::replayAcks(RelaySession *session, qint64 after, QString *error)
{
    for (;;) {
        QList<Ack> acks;
        if (!m_acks->readAfter(after, 500, &acks, error))
            return false;
        if (acks.isEmpty())
            return true;
        for (const Ack &ack : std::as_const(acks))
            session->sendAck(ack);
        after = acks.constLast().ackSeq;
    }
}

void RelayServer::shareAck(RelaySession *from, Ack ack)
{
    QString error;
    if (!m_acks->append(&ack, &error)) {
        qCWarning(lcRelay) << error;
        from->closeWith(CloseCode::Storage, u"The relay cannot store the acknowledgement."_s);
        return;
    }
    from->sendAckStored(ack.ref, ack.ackSeq);
    for (RelaySession *session : std::as_const(m_sessions)) {
        if (session != from)
            session->sendAck(ack);
    }
}

void RelayServer::onAppended(const QList<fw::store::Event> &events)
{
    for (const store::Event &event : events) {
        if (event.seq <= m_cacheFloor || (!m_cache.empty() && event.seq <= m_cache.back().seq))
            continue;
        m_cache.push_back({event.seq, QString::fromUtf8(encodeEvent(event))});
        m_head = std::max(m_head, event.seq);
    }
    while (m_cache.size() > size_t(std::max(1, m_config.cacheEvents))) {
        m_cacheFloor = m_cache.front().seq;
        m_cache.pop_front();
    }
    pumpAll();
}

void RelayServer::pumpAll()
{
    // A copy: a session may close and leave the list while being pumped.
    const QList<RelaySession *> sessions = m_sessions;
    for (RelaySession *session : sessions)
        session->pump();
}

RelayServer::Batch RelayServer::nextBatch(qint64 after, int maxCount)
{
    Batch batch;
    if (after + 1 < m_oldest) {
        // Retention deleted what this client still needed, cached or not.
        batch.gap = RetentionGap{after + 1, m_oldest - 1, m_oldest, m_log->oldestReceivedAt()};
        return batch;
    }
    if (after >= m_cacheFloor) {
        auto it = std::upper_bound(m_cache.begin(), m_cache.end(), after,
                                   [](qint64 seq, const Cached &cached) { return seq < cached.seq; });
        for (; it != m_cache.end() && batch.frames.size() < maxCount; ++it)
            batch.frames.append({it->seq, it->frame});
        return batch;
    }

    QList<store::Event> events;
    if (!m_log->readAfter(after, maxCount, &events, &batch.error)) {
        qCWarning(lcRelay) << "Reading events failed:" << batch.error;
        return batch;
    }
    // Read first, then look at the oldest retained seq: whatever retention deleted before or
    // during the read lies below it and is reported, never skipped silently.
    batch.gap = gapAfter(after, &batch.error);
    const qint64 firstKept = batch.gap ? batch.gap->toSeq : after;
    for (const store::Event &event : std::as_const(events)) {
        if (event.seq > firstKept)
            batch.frames.append({event.seq, QString::fromUtf8(encodeEvent(event))});
    }
    return batch;
}

std::optional<RetentionGap> RelayServer::gapAfter(qint64 after, QString *error)
{
    Q_UNUSED(error)
    const qint64 oldest = m_log->oldestSeq();
    m_oldest = std::max(m_oldest, oldest);
    if (after + 1 >= oldest)
        return std::nullopt;
    return RetentionGap{after + 1, oldest - 1, oldest, m_log->oldestReceivedAt()};
}

void RelayServer::pruneNow()
{
    const QDateTime olderThan = m_config.retentionDays > 0
            ? QDateTime::currentDateTimeUtc().addDays(-m_config.retentionDays) : QDateTime();
    QString error;
    const qint64 removed = m_log->prune(olderThan, m_config.retentionEvents, &error);
    m_oldest = m_log->oldestSeq();
    if (removed < 0)
        qCWarning(lcRelay) << "Pruning events failed:" << error;
    else if (removed > 0)
        qCInfo(lcRelay) << "Retention deleted" << removed << "events";
    if (olderThan.isValid() && m_acks->prune(olderThan, &error) < 0)
        qCWarning(lcRelay) << "Pruning acknowledgements failed:" << error;
}

QJsonObject RelayServer::status()
{
    QJsonArray dashboards;
    for (const RelaySession *session : std::as_const(m_sessions))
        dashboards.append(session->status(m_head));
    return {{"protocol"_L1, QString(ProtocolVersion)},
            {"server_id"_L1, serverId()},
            {"events_stored"_L1, m_log->count()},
            {"oldest_seq"_L1, m_log->oldestSeq()},
            {"head_seq"_L1, std::max(m_head, m_log->headSeq())},
            {"acks_stored"_L1, m_acks->count()},
            {"dashboards_connected"_L1, dashboards.size()},
            {"dashboards"_L1, dashboards}};
}

} // namespace fw::relay
