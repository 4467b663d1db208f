#include "relay/relaysession.h"

#include "core/logging.h"
#include "relay/relayserver.h"

#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;

namespace fw::relay {

RelaySession::RelaySession(QWebSocket *socket, RelayServer *server)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_peer(socket->peerAddress())
    , m_connectedAt(QDateTime::currentDateTimeUtc())
{
    m_socket->setParent(this);
    m_socket->setMaxAllowedIncomingFrameSize(MaxClientMessageSize);
    m_socket->setMaxAllowedIncomingMessageSize(MaxClientMessageSize);

    connect(m_socket, &QWebSocket::textMessageReceived, this, &RelaySession::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &RelaySession::onBinary);
    connect(m_socket, &QWebSocket::bytesWritten, this, &RelaySession::onBytesWritten);
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        m_state = State::Closing;
        m_server->sessionFinished(this);
    });

    const auto &config = m_server->config();
    m_helloTimer.setSingleShot(true);
    connect(&m_helloTimer, &QTimer::timeout, this,
            [this] { closeWith(CloseCode::HelloTimeout, u"No hello arrived in time."_s); });
    m_helloTimer.start(config.helloTimeout);

    m_heartbeatTimer.setInterval(config.heartbeatInterval);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &RelaySession::heartbeat);

    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, m_socket, &QWebSocket::abort);
}

RelaySession::~RelaySession()
{
    m_socket->disconnect(this);
}

void RelaySession::send(const QByteArray &json)
{
    m_socket->sendTextMessage(QString::fromUtf8(json));
}

void RelaySession::onText(const QString &text)
{
    if (m_state == State::Closing)
        return;
    QString error;
    const auto message = parseMessage(text.toUtf8(), &error);
    if (!message) {
        closeWith(CloseCode::Protocol, error);
        return;
    }
    const QString type = messageType(*message);
    if (m_state == State::AwaitingHello && type == "hello"_L1)
        onHello(*message);
    else if (m_state == State::Streaming && type == "pong"_L1)
        onPong(*message);
    else if (m_state == State::Streaming && type == "ack"_L1)
        onAck(*message);
    else
        closeWith(CloseCode::Protocol, u"A \"%1\" message is not expected here."_s.arg(type.left(40)));
}

void RelaySession::onBinary()
{
    closeWith(CloseCode::Protocol, u"Binary frames are not part of the protocol."_s);
}

void RelaySession::onHello(const QJsonObject &message)
{
    m_helloTimer.stop();
    QString error;
    const auto hello = decodeHello(message, &error);
    if (!hello) {
        closeWith(CloseCode::Protocol, error);
        return;
    }
    if (hello->protocol != ProtocolVersion) {
        closeWith(CloseCode::UnsupportedVersion, u"This relay speaks %1 only."_s.arg(ProtocolVersion));
        return;
    }
    const auto verification = m_server->verifyToken(hello->token);
    if (verification.verdict != TokenStore::Verdict::Valid) {
        const bool revoked = verification.verdict == TokenStore::Verdict::Revoked;
        qCWarning(lcRelay) << "Refused a dashboard from" << m_peer.toString()
                           << (revoked ? "with a revoked token" : "with an unknown token");
        closeWith(revoked ? CloseCode::Revoked : CloseCode::Unauthorized,
                  revoked ? u"This token was revoked."_s : u"The token is not known to this relay."_s);
        return;
    }
    m_name = verification.name;
    m_token = hello->token;
    if (!m_server->hasRoomForStream()) {
        qCWarning(lcRelay) << "Refused dashboard" << m_name << "from" << m_peer.toString()
                           << "over the connection cap";
        closeWith(CloseCode::Busy, u"Too many dashboards are connected."_s);
        return;
    }

    const auto welcome = m_server->welcome(this, *hello, &error);
    if (!welcome) {
        closeWith(CloseCode::Storage, error);
        return;
    }
    send(encodeWelcome(*welcome));
    m_sentSeq = welcome->resumeAfter;
    m_confirmedSeq = welcome->resumeAfter;
    m_state = State::Streaming;
    if (!m_server->replayAcks(this, hello->lastAckSeq, &error)) {
        closeWith(CloseCode::Storage, error);
        return;
    }
    Q_EMIT m_server->sessionOpened(m_name);
    m_sincePong.start();
    m_sinceProgress.start();
    m_heartbeatTimer.start();
    pump();
}

void RelaySession::onPong(const QJsonObject &message)
{
    m_sincePong.restart();
    const qint64 seq = message.value("seq"_L1).toInteger(-1);
    if (seq >= 0 && seq <= m_sentSeq)
        m_confirmedSeq = std::max(m_confirmedSeq, seq);
}

void RelaySession::onAck(const QJsonObject &message)
{
    QString error;
    auto ack = decodeAck(message, &error);
    if (!ack) {
        closeWith(CloseCode::Protocol, error);
        return;
    }
    ack->from = m_name;
    m_server->shareAck(this, std::move(*ack));
}

void RelaySession::sendAck(const Ack &ack)
{
    if (m_state != State::Streaming || ack.ackSeq <= m_ackSeq)
        return;
    send(encodeAckShared(ack));
    m_ackSeq = ack.ackSeq;
}

void RelaySession::sendAckStored(const QString &ref, qint64 ackSeq)
{
    send(encodeAckStored(ref, ackSeq));
    m_ackSeq = std::max(m_ackSeq, ackSeq);
}

void RelaySession::pump()
{
    if (m_state != State::Streaming || m_pumping)
        return;
    m_pumping = true;
    const auto &config = m_server->config();
    while (m_socket->bytesToWrite() < config.sendHighWater) {
        const RelayServer::Batch batch = m_server->nextBatch(m_sentSeq, config.replayBatch);
        if (!batch.error.isEmpty()) {
            closeWith(CloseCode::Storage, u"The relay cannot read its store."_s);
            break;
        }
        if (batch.gap) {
            send(encodeRetentionGap(*batch.gap));
            m_sentSeq = std::max(m_sentSeq, batch.gap->toSeq);
        }
        for (const auto &[seq, frame] : batch.frames) {
            m_socket->sendTextMessage(frame);
            m_sentSeq = seq;
        }
        if (batch.frames.isEmpty() && !batch.gap)
            break;
    }
    m_pumping = false;
    checkLag();
}

void RelaySession::checkLag()
{
    if (m_state != State::Streaming)
        return;
    const qint64 lag = m_server->headSeq() - m_sentSeq;
    if (lag <= 0)
        m_caughtUp = true;
    const qint64 maxLag = m_server->config().maxLagEvents;
    if (maxLag > 0 && m_caughtUp && lag > maxLag) {
        closeWith(CloseCode::TooFarBehind, u"%1 events behind the live stream."_s.arg(lag));
    }
}

void RelaySession::onBytesWritten()
{
    m_sinceProgress.restart();
    pump();
}

void RelaySession::heartbeat()
{
    const auto &config = m_server->config();
    if (m_socket->bytesToWrite() == 0)
        m_sinceProgress.restart();
    if (m_sinceProgress.elapsed() > config.stallTimeout.count()) {
        closeWith(CloseCode::TooFarBehind, u"The connection accepted no data for too long."_s);
        return;
    }
    if (m_sincePong.elapsed() > (config.heartbeatInterval * config.heartbeatMisses).count()) {
        closeWith(CloseCode::HeartbeatTimeout, u"No pong arrived for too long."_s);
        return;
    }
    send(encodePing(m_server->headSeq()));
}

void RelaySession::recheckToken()
{
    if (m_state != State::Streaming)
        return;
    if (m_server->verifyToken(m_token).verdict != TokenStore::Verdict::Valid)
        closeWith(CloseCode::Revoked, u"This token was revoked."_s);
}

void RelaySession::closeWith(CloseCode code, const QString &message)
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
    m_closeCode = int(code);
    m_helloTimer.stop();
    m_heartbeatTimer.stop();
    if (code == CloseCode::TooFarBehind)
        send(encodeTooFarBehind(m_sentSeq, m_server->headSeq(), message));
    else if (!errorCodeName(code).isEmpty())
        send(encodeError(code, message));
    if (code != CloseCode::Normal && code != CloseCode::GoingAway)
        qCInfo(lcRelay) << "Closing" << m_peer.toString() << m_name << int(code) << message;

    // A close reason is at most 123 bytes on the wire.
    m_socket->close(QWebSocketProtocol::CloseCode(code), message.left(60));
    m_closeTimer.start(m_server->config().closeGrace);
}

QJsonObject RelaySession::status(qint64 headSeq) const
{
    const char *state = m_state == State::AwaitingHello ? "hello"
            : m_state == State::Closing                 ? "closing"
            : headSeq - m_sentSeq > 0                   ? "replaying"
                                                        : "live";
    return {{"name"_L1, m_name},
            {"peer"_L1, m_peer.toString()},
            {"connected_at"_L1, formatTime(m_connectedAt)},
            {"sent_seq"_L1, m_sentSeq},
            {"confirmed_seq"_L1, m_confirmedSeq},
            {"lag"_L1, std::max<qint64>(0, headSeq - m_sentSeq)},
            {"state"_L1, QLatin1StringView(state)}};
}

} // namespace fw::relay
