#include "relay/protocol.h"

#include "ncm/alertparser.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::Literals::StringLiterals;

namespace fw::relay {

namespace {

struct CodeName
{
    CloseCode code;
    QLatin1StringView name;
};

constexpr CodeName CodeNames[] = {
    {CloseCode::Busy, "busy"_L1},
    {CloseCode::Protocol, "protocol"_L1},
    {CloseCode::Unauthorized, "unauthorized"_L1},
    {CloseCode::TooFarBehind, "too-far-behind"_L1},
    {CloseCode::UnsupportedVersion, "unsupported-version"_L1},
    {CloseCode::Revoked, "revoked"_L1},
    {CloseCode::HelloTimeout, "hello-timeout"_L1},
    {CloseCode::HeartbeatTimeout, "heartbeat-timeout"_L1},
    {CloseCode::Storage, "storage"_L1},
};

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QDateTime parseProtocolTime(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

// A non-negative integer member; nullopt when absent or of another kind.
std::optional<qint64> seqMember(const QJsonObject &message, QLatin1StringView key)
{
    const QJsonValue value = message.value(key);
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < 0 || number > 9007199254740992.0 || number != static_cast<double>(qint64(number)))
        return std::nullopt;
    return qint64(number);
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

QLatin1StringView errorCodeName(CloseCode code)
{
    for (const auto &entry : CodeNames) {
        if (entry.code == code)
            return entry.name;
    }
    return {};
}

std::optional<CloseCode> closeCodeFromName(QStringView name)
{
    for (const auto &entry : CodeNames) {
        if (name == entry.name)
            return entry.code;
    }
    return std::nullopt;
}

std::optional<QJsonObject> parseMessage(QByteArrayView frame, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(frame.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        fail(error, u"The message is not a JSON object."_s);
        return std::nullopt;
    }
    QJsonObject object = document.object();
    if (!object.value("type"_L1).isString()) {
        fail(error, u"The message has no \"type\"."_s);
        return std::nullopt;
    }
    return object;
}

QString messageType(const QJsonObject &message)
{
    return message.value("type"_L1).toString();
}

QByteArray encodeHello(const Hello &hello)
{
    QJsonObject object{{"type"_L1, "hello"_L1},
                       {"protocol"_L1, hello.protocol.isEmpty() ? QString(ProtocolVersion) : hello.protocol},
                       {"token"_L1, hello.token},
                       {"last_seq"_L1, hello.lastSeq},
                       {"last_ack_seq"_L1, hello.lastAckSeq}};
    if (!hello.serverId.isEmpty())
        object.insert("server_id"_L1, hello.serverId);
    if (!hello.client.isEmpty())
        object.insert("client"_L1, hello.client);
    return compact(object);
}

std::optional<Hello> decodeHello(const QJsonObject &message, QString *error)
{
    Hello hello;
    hello.protocol = message.value("protocol"_L1).toString();
    hello.token = message.value("token"_L1).toString();
    hello.serverId = message.value("server_id"_L1).toString();
    hello.client = message.value("client"_L1).toString().left(200);
    const auto lastSeq = seqMember(message, "last_seq"_L1);
    const auto lastAckSeq = message.contains("last_ack_seq"_L1) ? seqMember(message, "last_ack_seq"_L1)
                                                                : std::optional<qint64>(0);
    if (hello.protocol.isEmpty() || !lastSeq || !lastAckSeq) {
        fail(error, u"A hello needs \"protocol\" and a non-negative integer \"last_seq\"."_s);
        return std::nullopt;
    }
    hello.lastSeq = *lastSeq;
    hello.lastAckSeq = *lastAckSeq;
    return hello;
}

QByteArray encodeWelcome(const Welcome &welcome)
{
    return compact({{"type"_L1, "welcome"_L1},
                    {"protocol"_L1, QString(ProtocolVersion)},
                    {"server_id"_L1, welcome.serverId},
                    {"name"_L1, welcome.name},
                    {"resume_after"_L1, welcome.resumeAfter},
                    {"oldest_seq"_L1, welcome.oldestSeq},
                    {"head_seq"_L1, welcome.headSeq},
                    {"head_ack_seq"_L1, welcome.headAckSeq},
                    {"heartbeat_ms"_L1, welcome.heartbeatMs}});
}

std::optional<Welcome> decodeWelcome(const QJsonObject &message, QString *error)
{
    Welcome welcome;
    welcome.serverId = message.value("server_id"_L1).toString();
    welcome.name = message.value("name"_L1).toString();
    welcome.heartbeatMs = message.value("heartbeat_ms"_L1).toInt(15000);
    const auto resumeAfter = seqMember(message, "resume_after"_L1);
    const auto oldest = seqMember(message, "oldest_seq"_L1);
    const auto head = seqMember(message, "head_seq"_L1);
    const auto headAck = seqMember(message, "head_ack_seq"_L1);
    if (welcome.serverId.isEmpty() || !resumeAfter || !oldest || !head || !headAck
        || welcome.heartbeatMs <= 0) {
        fail(error, u"The welcome lacks the server id or a sequence number."_s);
        return std::nullopt;
    }
    welcome.resumeAfter = *resumeAfter;
    welcome.oldestSeq = *oldest;
    welcome.headSeq = *head;
    welcome.headAckSeq = *headAck;
    return welcome;
}

QByteArray encodeEvent(const store::Event &event)
{
    const QByteArray alert = event.alert.json.isEmpty() ? QByteArrayLiteral("{}") : event.alert.json;
    QByteArray frame;
    frame.reserve(alert.size() + 160);
    frame += QByteArrayLiteral("{\"type\":\"event\",\"seq\":") + QByteArray::number(event.seq)
            + QByteArrayLiteral(",\"received_at\":\"") + formatTime(event.receivedAt).toLatin1()
            + QByteArrayLiteral("\",\"signature_verified\":")
            + (event.signatureVerified ? QByteArrayLiteral("true") : QByteArrayLiteral("false"))
            + QByteArrayLiteral(",\"dedup_key\":\"") + event.dedupKey.toHex()
            + QByteArrayLiteral("\",\"alert\":") + alert + '}';
    return frame;
}

std::optional<store::Event> decodeEvent(const QJsonObject &message, QString *error)
{
    const auto seq = seqMember(message, "seq"_L1);
    const QJsonValue alertValue = message.value("alert"_L1);
    if (!seq || *seq == 0 || !alertValue.isObject()) {
        fail(error, u"An event needs a positive \"seq\" and an \"alert\" object."_s);
        return std::nullopt;
    }
    QString alertError;
    auto alert = ncm::parseAlert(alertValue.toObject(), &alertError);
    if (!alert) {
        fail(error, u"Event %1 carries an invalid alert: %2"_s.arg(*seq).arg(alertError));
        return std::nullopt;
    }
    store::Event event;
    event.seq = *seq;
    event.alert = std::move(*alert);
    event.receivedAt = parseProtocolTime(message.value("received_at"_L1));
    event.signatureVerified = message.value("signature_verified"_L1).toBool();
    event.dedupKey = QByteArray::fromHex(message.value("dedup_key"_L1).toString().toLatin1());
    event.source = store::Source::Relay;
    return event;
}

QByteArray encodeAck(const Ack &ack)
{
    return compact({{"type"_L1, "ack"_L1},
                    {"ref"_L1, ack.ref},
                    {"event_seq"_L1, ack.eventSeq},
                    {"dedup_key"_L1, QString::fromLatin1(ack.dedupKey.toHex())},
                    {"by"_L1, ack.by},
                    {"at"_L1, formatTime(ack.at)},
                    {"note"_L1, ack.note}});
}

QByteArray encodeAckShared(const Ack &ack)
{
    return compact({{"type"_L1, "ack-shared"_L1},
                    {"ack_seq"_L1, ack.ackSeq},
                    {"from"_L1, ack.from},
                    {"event_seq"_L1, ack.eventSeq},
                    {"dedup_key"_L1, QString::fromLatin1(ack.dedupKey.toHex())},
                    {"by"_L1, ack.by},
                    {"at"_L1, formatTime(ack.at)},
                    {"note"_L1, ack.note}});
}

QByteArray encodeAckStored(const QString &ref, qint64 ackSeq)
{
    return compact({{"type"_L1, "ack-stored"_L1}, {"ref"_L1, ref}, {"ack_seq"_L1, ackSeq}});
}

std::optional<Ack> decodeAck(const QJsonObject &message, QString *error)
{
    Ack ack;
    ack.ref = message.value("ref"_L1).toString().left(200);
    ack.from = message.value("from"_L1).toString();
    ack.by = message.value("by"_L1).toString().left(200);
    ack.note = message.value("note"_L1).toString().left(4000);
    ack.at = parseProtocolTime(message.value("at"_L1));
    ack.dedupKey = QByteArray::fromHex(message.value("dedup_key"_L1).toString().toLatin1());
    const auto eventSeq = seqMember(message, "event_seq"_L1);
    const auto ackSeq = message.contains("ack_seq"_L1) ? seqMember(message, "ack_seq"_L1)
                                                       : std::optional<qint64>(0);
    if (!eventSeq || !ackSeq || (ack.dedupKey.isEmpty() && *eventSeq == 0) || !ack.at.isValid()) {
        fail(error, u"An ack needs \"at\" and the event's \"dedup_key\" or \"event_seq\"."_s);
        return std::nullopt;
    }
    ack.eventSeq = *eventSeq;
    ack.ackSeq = *ackSeq;
    return ack;
}

QByteArray encodeRetentionGap(const RetentionGap &gap)
{
    QJsonObject object{{"type"_L1, "retention-gap"_L1},
                       {"from_seq"_L1, gap.fromSeq},
                       {"to_seq"_L1, gap.toSeq},
                       {"oldest_seq"_L1, gap.oldestSeq}};
    if (gap.oldestReceivedAt.isValid())
        object.insert("oldest_received_at"_L1, formatTime(gap.oldestReceivedAt));
    return compact(object);
}

std::optional<RetentionGap> decodeRetentionGap(const QJsonObject &message, QString *error)
{
    const auto from = seqMember(message, "from_seq"_L1);
    const auto to = seqMember(message, "to_seq"_L1);
    const auto oldest = seqMember(message, "oldest_seq"_L1);
    if (!from || !to || !oldest || *to < *from) {
        fail(error, u"A retention-gap needs \"from_seq\" <= \"to_seq\" and \"oldest_seq\"."_s);
        return std::nullopt;
    }
    return RetentionGap{*from, *to, *oldest, parseProtocolTime(message.value("oldest_received_at"_L1))};
}

QByteArray encodePing(qint64 headSeq)
{
    return compact({{"type"_L1, "ping"_L1},
                    {"head_seq"_L1, headSeq},
                    {"time"_L1, formatTime(QDateTime::currentDateTimeUtc())}});
}

QByteArray encodePong(qint64 seq)
{
    return compact({{"type"_L1, "pong"_L1}, {"seq"_L1, seq}});
}

QByteArray encodeTooFarBehind(qint64 sentSeq, qint64 headSeq, const QString &reason)
{
    return compact({{"type"_L1, "too-far-behind"_L1},
                    {"sent_seq"_L1, sentSeq},
                    {"head_seq"_L1, headSeq},
                    {"reason"_L1, reason}});
}

QByteArray encodeError(CloseCode code, const QString &message)
{
    return compact({{"type"_L1, "error"_L1},
                    {"code"_L1, QString(errorCodeName(code))},
                    {"message"_L1, message}});
}

QString formatTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace fw::relay
