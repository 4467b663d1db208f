#include "relay/relayclient.h"

#include "core/logging.h"
#include "ncm/catalogue.h"
#include "store/eventstore.h"

#include <QRandomGenerator>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace std::chrono_literals;

namespace fw::relay {

namespace {

constexpr int MaxBatch = 500;
constexpr qint64 LiveSlack = 1000; // events a live client may trail before it shows "behind"

} // namespace

RelayClient::RelayClient(store::EventStore *store, RelayPositionStore *positions, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_positions(positions)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &RelayClient::connectNow);

    // Events arriving together become one append: one transaction in the store.
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &RelayClient::flushEvents);

    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(200);
    connect(&m_saveTimer, &QTimer::timeout, this, &RelayClient::savePositionNow);

    m_deadTimer.setSingleShot(true);
    connect(&m_deadTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcRelay) << "Nothing arrived from the relay for three heartbeats; reconnecting";
        abortConnection();
    });
}

RelayClient::~RelayClient()
{
    if (m_positionDirty)
        savePositionNow();
}

void RelayClient::setBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum)
{
    m_backoffInitial = initial;
    m_backoffMax = maximum;
}

void RelayClient::start()
{
    m_position = m_positions->loadPosition();
    m_running = true;
    m_fatal = false;
    m_attempt = 0;
    if (!m_socket)
        connectNow();
}

void RelayClient::stop()
{
    m_running = false;
    m_reconnectTimer.stop();
    if (m_socket)
        m_socket->close(QWebSocketProtocol::CloseCodeNormal);
    flushEvents();
    if (m_positionDirty)
        savePositionNow();
    setState(State::Stopped, {});
}

void RelayClient::abortConnection()
{
    if (m_socket)
        m_socket->abort();
}

qint64 RelayClient::lag() const
{
    return std::max<qint64>(0, m_head - m_position.lastSeq);
}

bool RelayClient::shareAcknowledgement(const Ack &ack)
{
    if (!m_socket || !m_welcomed)
        return false;
    // The relay closes a connection over a malformed ack: refuse it here instead.
    if (!ack.at.isValid() || (ack.dedupKey.isEmpty() && ack.eventSeq <= 0)) {
        qCWarning(lcRelay) << "Not sharing an acknowledgement without time or event";
        return false;
    }
    m_socket->sendTextMessage(QString::fromUtf8(encodeAck(ack)));
    return true;
}

void RelayClient::connectNow()
{
    if (!m_running || m_socket)
        return;
    if (!m_pending.empty()) {
        // Resume only from what the store has committed; retried when appends finish.
        return;
    }
    m_socket = new QWebSocket(u"fleetwall/" FLEETWALL_VERSION ""_s, QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingFrameSize(MaxServerMessageSize);
    m_socket->setMaxAllowedIncomingMessageSize(MaxServerMessageSize);
    if (m_ssl)
        m_socket->setSslConfiguration(*m_ssl);
    connect(m_socket, &QWebSocket::connected, this, &RelayClient::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &RelayClient::onDisconnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &RelayClient::onText);
    m_welcomed = false;
    setState(State::Connecting, m_attempt == 0 ? QString() : m_reason);
    m_socket->open(m_url);
    m_deadTimer.start(std::max(10'000, 3 * m_heartbeatMs));
}

void RelayClient::onConnected()
{
    Hello hello;
    hello.protocol = ProtocolVersion;
    hello.token = m_token;
    hello.serverId = m_position.serverId;
    hello.lastSeq = m_position.lastSeq;
    hello.lastAckSeq = m_position.lastAckSeq;
    hello.client = u"fleetwall " FLEETWALL_VERSION ""_s;
    m_socket->sendTextMessage(QString::fromUtf8(encodeHello(hello)));
}

void RelayClient::onDisconnected()
{
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    m_deadTimer.stop();
    const int code = socket->closeCode();
    const QString closeReason = socket->closeReason();
    const QString socketError = socket->errorString();
    socket->deleteLater();
    flushEvents();
    m_welcomed = false;

    const auto closeCode = CloseCode(code);
    m_fatal = m_fatal || closeCode == CloseCode::Unauthorized || closeCode == CloseCode::Revoked
            || closeCode == CloseCode::UnsupportedVersion;
    QString reason = !m_reason.isEmpty() ? m_reason : closeReason;
    if (reason.isEmpty())
        reason = socketError.isEmpty() ? u"The connection to the relay closed."_s : socketError;
    if (m_fatal) {
        m_running = false;
        setState(State::Error, reason);
        return;
    }
    if (!m_running)
        return;
    setState(State::Connecting, reason);
    scheduleReconnect(closeCode == CloseCode::TooFarBehind ? m_backoffInitial : nextBackoff());
}

std::chrono::milliseconds RelayClient::nextBackoff()
{
    const int exponent = std::min(m_attempt++, 16);
    const auto base = std::min<qint64>(m_backoffMax.count(), m_backoffInitial.count() << exponent);
    // +-50 % so dashboards restarted together do not come back together.
    const double factor = 0.5 + QRandomGenerator::global()->generateDouble();
    return std::chrono::milliseconds(std::max<qint64>(1, qint64(double(base) * factor)));
}

void RelayClient::scheduleReconnect(std::chrono::milliseconds delay)
{
    m_reconnectTimer.start(delay);
}

void RelayClient::onText(const QString &text)
{
    m_deadTimer.start(std::max(1000, 3 * m_heartbeatMs));
    QString error;
    const auto message = parseMessage(text.toUtf8(), &error);
    if (!message) {
        fail(error);
        return;
    }
    const QString type = messageType(*message);
    if (!m_welcomed && type != "welcome"_L1 && type != "error"_L1) {
        fail(u"The relay sent \"%1\" before its welcome."_s.arg(type.left(40)));
        return;
    }
    if (type == "event"_L1)
        onEvent(*message);
    else if (type == "welcome"_L1)
        onWelcome(*message);
    else if (type == "ping"_L1) {
        m_head = std::max(m_head, message->value("head_seq"_L1).toInteger());
        m_socket->sendTextMessage(QString::fromUtf8(encodePong(m_position.lastSeq)));
        updateLiveState();
        Q_EMIT lagChanged(lag());
    } else if (type == "ack-shared"_L1)
        onAckShared(*message);
    else if (type == "ack-stored"_L1) {
        const qint64 ackSeq = message->value("ack_seq"_L1).toInteger();
        m_position.lastAckSeq = std::max(m_position.lastAckSeq, ackSeq);
        m_positionDirty = true;
        m_saveTimer.start();
        Q_EMIT acknowledgementStored(message->value("ref"_L1).toString(), ackSeq);
    } else if (type == "retention-gap"_L1)
        onGap(*message);
    else if (type == "error"_L1 || type == "too-far-behind"_L1)
        onError(*message);
    // Other types are ignored: later minor versions may add them.
}

void RelayClient::onWelcome(const QJsonObject &message)
{
    QString error;
    const auto welcome = decodeWelcome(message, &error);
    if (!welcome) {
        fail(error);
        return;
    }
    if (welcome->serverId != m_position.serverId || welcome->resumeAfter != m_position.lastSeq) {
        qCInfo(lcRelay) << "The relay restarts this dashboard's stream after" << welcome->resumeAfter;
        if (welcome->serverId != m_position.serverId)
            m_position.lastAckSeq = 0; // ack seqs belong to the relay database as well
        m_position.serverId = welcome->serverId;
        m_position.lastSeq = welcome->resumeAfter;
        m_positionDirty = true;
        savePositionNow();
    }
    m_welcomed = true;
    m_attempt = 0;
    m_reason.clear();
    m_receivedSeq = welcome->resumeAfter;
    m_head = welcome->headSeq;
    m_heartbeatMs = welcome->heartbeatMs;
    m_deadTimer.start(std::max(1000, 3 * m_heartbeatMs));
    setState(m_head > m_receivedSeq ? State::Behind : State::Connected, {});
}


void RelayClient::onEvent(const QJsonObject &message)
{
    QString error;
    auto event = decodeEvent(message, &error);
    if (!event) {
        fail(error);
        return;
    }
    if (event->seq <= m_receivedSeq) {
        fail(u"The relay sent event %1 after %2."_s.arg(event->seq).arg(m_receivedSeq));
        return;
    }
    m_receivedSeq = event->seq;
    m_head = std::max(m_head, event->seq);
    ncm::Catalogue::instance().classify(*event);
    m_batch.append(std::move(*event));
    m_batchSeq = m_receivedSeq;
    if (m_batch.size() >= MaxBatch)
        flushEvents();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
    updateLiveState();
}

void RelayClient::flushEvents()
{
    m_flushTimer.stop();
    if (m_batch.isEmpty())
        return;
    const quint64 id = m_firstPendingId + m_pending.size();
    m_pending.push_back({m_batchSeq, false, true});
    QList<store::Event> events = std::exchange(m_batch, {});
    m_store->append(std::move(events), this, [this, id](const store::AppendResult &result) {
        appendDone(id, result.ok, result.error);
    });
}

void RelayClient::appendDone(quint64 id, bool ok, const QString &error)
{
    if (id < m_firstPendingId || id >= m_firstPendingId + m_pending.size())
        return;
    Pending &pending = m_pending[size_t(id - m_firstPendingId)];
    pending.done = true;
    pending.ok = ok;
    if (!ok) {
        qCWarning(lcRelay) << "Storing relayed events failed:" << error;
        m_reason = u"The local store failed: %1"_s.arg(error);
        abortConnection();
    }
    advance();
}

void RelayClient::advance()
{
    bool failed = false;
    while (!m_pending.empty() && m_pending.front().done) {
        // Past a failed append nothing advances: those events come again after reconnecting.
        if (!m_pending.front().ok)
            failed = true;
        if (!failed && m_pending.front().seq > m_position.lastSeq) {
            m_position.lastSeq = m_pending.front().seq;
            m_positionDirty = true;
        }
        m_pending.pop_front();
        ++m_firstPendingId;
    }
    if (m_positionDirty && !m_saveTimer.isActive())
        m_saveTimer.start();
    if (m_pending.empty() && m_running && !m_socket && !m_reconnectTimer.isActive())
        connectNow();
}

void RelayClient::savePositionNow()
{
    m_saveTimer.stop();
    QString error;
    if (!m_positions->savePosition(m_position, &error)) {
        qCWarning(lcRelay) << "Cannot record the relay position:" << error;
        return;
    }
    m_positionDirty = false;
    Q_EMIT lagChanged(lag());
}

void RelayClient::onGap(const QJsonObject &message)
{
    QString error;
    const auto gap = decodeRetentionGap(message, &error);
    if (!gap || gap->toSeq <= m_receivedSeq) {
        fail(gap ? u"The relay reported a gap behind this dashboard's position."_s : error);
        return;
    }
    qCWarning(lcRelay) << "The relay no longer keeps events" << gap->fromSeq << "to" << gap->toSeq
                       << "; they must be back-filled from NCM";
    flushEvents();
    m_receivedSeq = gap->toSeq;
    m_pending.push_back({gap->toSeq, true, true});
    advance();
    Q_EMIT retentionGap(*gap);
}

void RelayClient::onAckShared(const QJsonObject &message)
{
    QString error;
    const auto ack = decodeAck(message, &error);
    if (!ack || ack->ackSeq == 0) {
        fail(ack ? u"An ack-shared message lacks its ack_seq."_s : error);
        return;
    }
    if (ack->ackSeq <= m_position.lastAckSeq)
        return;
    m_position.lastAckSeq = ack->ackSeq;
    m_positionDirty = true;
    m_saveTimer.start();
    Q_EMIT acknowledgementReceived(*ack);
}

void RelayClient::onError(const QJsonObject &message)
{
    const QString code = message.value("code"_L1).toString();
    const QString text = message.value("message"_L1).toString(message.value("reason"_L1).toString());
    m_reason = code.isEmpty() ? text : code + u": "_s + text;
    const auto closeCode = closeCodeFromName(code);
    m_fatal = closeCode == CloseCode::Unauthorized || closeCode == CloseCode::Revoked
            || closeCode == CloseCode::UnsupportedVersion;
    qCWarning(lcRelay) << "The relay reported:" << m_reason;
}

void RelayClient::fail(const QString &reason)
{
    qCWarning(lcRelay) << "Relay protocol error:" << reason;
    m_reason = reason;
    if (m_socket)
        m_socket->close(QWebSocketProtocol::CloseCode(CloseCode::Protocol), reason.left(60));
}

void RelayClient::updateLiveState()
{
    if (!m_welcomed)
        return;
    const qint64 behind = m_head - m_receivedSeq;
    const bool isBehind = m_state == State::Behind ? behind > 0 : behind > LiveSlack;
    setState(isBehind ? State::Behind : State::Connected, {});
}

void RelayClient::setState(State state, const QString &reason)
{
    if (state == m_state && reason == m_reason)
        return;
    m_state = state;
    m_reason = reason;
    Q_EMIT stateChanged(state, reason);
}

} // namespace fw::relay
