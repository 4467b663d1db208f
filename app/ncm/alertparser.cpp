#include "ncm/alertparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace fw::ncm {

namespace {

constexpr qsizetype MaxTypeLength = 200;
constexpr qint64 UsecPerSecond = 1'000'000;

// Reads exactly count ASCII digits at pos; -1 when any is missing.
int readDigits(QStringView text, qsizetype pos, int count)
{
    if (pos + count > text.size())
        return -1;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[pos + i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// "Z", "+hh:mm", "+hhmm", "+hh" or nothing (UTC); offset in seconds east of UTC.
std::optional<int> parseOffset(QStringView rest)
{
    if (rest.isEmpty() || rest == u"Z" || rest == u"z")
        return 0;
    const char16_t sign = rest[0].unicode();
    if (sign != u'+' && sign != u'-')
        return std::nullopt;
    const int hours = readDigits(rest, 1, 2);
    int minutes = 0;
    if (rest.size() == 6 && rest[3] == u':')
        minutes = readDigits(rest, 4, 2);
    else if (rest.size() == 5)
        minutes = readDigits(rest, 3, 2);
    else if (rest.size() != 3)
        return std::nullopt;
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59)
        return std::nullopt;
    const int seconds = hours * 3600 + minutes * 60;
    return sign == u'-' ? -seconds : seconds;
}

// Fraction digits after the seconds' dot as microseconds; the digits are consumed from pos.
std::optional<qint64> parseFraction(QStringView text, qsizetype &pos)
{
    qint64 usec = 0;
    int digits = 0;
    while (pos < text.size() && text[pos].isDigit() && text[pos].unicode() < 128) {
        if (digits < 6) {
            usec = usec * 10 + (text[pos].unicode() - u'0');
            ++digits;
        }
        ++pos;
    }
    if (digits == 0)
        return std::nullopt;
    for (; digits < 6; ++digits)
        usec *= 10;
    return usec;
}


} // namespace

QString stringField(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    return {};
}

RouterDetails parseRouterDetails(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    RouterDetails details;
    details.name = stringField(object, "name"_L1);
    details.description = stringField(object, "description"_L1);
    details.mac = stringField(object, "mac"_L1);
    details.serialNumber = stringField(object, "serial_number"_L1);
    details.assetId = stringField(object, "asset_id"_L1);
    details.custom1 = stringField(object, "custom1"_L1);
    details.custom2 = stringField(object, "custom2"_L1);
    return details;
}

namespace {

// info arrives as an object, as a string holding JSON, or as plain text.
QJsonValue parseInfo(const QJsonValue &value)
{
    if (!value.isString())
        return value;
    const QString text = value.toString();
    const QStringView trimmed = QStringView(text).trimmed();
    if (!trimmed.startsWith(u'{') && !trimmed.startsWith(u'['))
        return value;
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return value;
    return document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
}

QString parseErrorSentence(const QJsonParseError &error)
{
    if (error.error == QJsonParseError::DeepNesting)
        return u"The body is nested too deeply."_s;
    return u"The body is not valid JSON (%1 at byte %2)."_s.arg(error.errorString()).arg(error.offset);
}

PushParseResult parseAlertArray(const QJsonArray &array)
{
    PushParseResult result;
    result.alerts.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue element = array.at(i);
        if (!element.isObject()) {
            result.alerts.clear();
            result.error = u"Alert %1 of \"data\" is not a JSON object."_s.arg(i + 1);
            return result;
        }
        QString error;
        std::optional<Alert> alert = parseAlert(element.toObject(), &error);
        if (!alert) {
            result.alerts.clear();
            result.error = u"Alert %1 of \"data\": %2"_s.arg(i + 1).arg(error);
            return result;
        }
        result.alerts.append(std::move(*alert));
    }
    return result;
}

} // namespace

std::optional<qint64> parseTimeMicros(QStringView text)
{
    text = text.trimmed();
    const int year = readDigits(text, 0, 4);
    const int month = readDigits(text, 5, 2);
    const int day = readDigits(text, 8, 2);
    const int hour = readDigits(text, 11, 2);
    const int minute = readDigits(text, 14, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || text[4] != u'-'
        || text[7] != u'-' || (text[10] != u'T' && text[10] != u't' && text[10] != u' ')
        || text[13] != u':')
        return std::nullopt;

    qsizetype pos = 16;
    int second = 0;
    qint64 usec = 0;
    if (pos < text.size() && text[pos] == u':') {
        second = readDigits(text, pos + 1, 2);
        pos += 3;
        if (second < 0)
            return std::nullopt;
        if (pos < text.size() && (text[pos] == u'.' || text[pos] == u',')) {
            ++pos;
            const std::optional<qint64> fraction = parseFraction(text, pos);
            if (!fraction)
                return std::nullopt;
            usec = *fraction;
        }
    }

    const QDate date(year, month, day);
    if (!date.isValid() || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    const std::optional<int> offset = parseOffset(text.sliced(pos));
    if (!offset)
        return std::nullopt;

    const qint64 days = date.toJulianDay() - QDate(1970, 1, 1).toJulianDay();
    const qint64 seconds = days * 86400 + hour * 3600 + minute * 60 + second - *offset;
    return seconds * UsecPerSecond + usec;
}

QDateTime parseTime(QStringView text)
{
    const std::optional<qint64> usec = parseTimeMicros(text);
    if (!usec)
        return {};
    const qint64 ms = *usec >= 0 ? *usec / 1000 : (*usec - 999) / 1000;
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString formatTimeMicros(qint64 usec)
{
    qint64 seconds = usec / UsecPerSecond;
    qint64 fraction = usec % UsecPerSecond;
    if (fraction < 0) {
        fraction += UsecPerSecond;
        --seconds;
    }
    const QDateTime time = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    return time.toString(u"yyyy-MM-ddTHH:mm:ss"_s) % u'.'
           % QString::number(fraction).rightJustified(6, u'0') % u'Z';
}

QByteArray alertToJson(const Alert &alert)
{
    const RouterDetails &d = alert.routerDetails;
    QJsonObject object{{u"type"_s, alert.type},
                       {u"detected_at"_s, formatTimeMicros(alert.detectedAtMicros())},
                       {u"friendly_info"_s, alert.friendlyInfo},
                       {u"info"_s, alert.info},
                       {u"router"_s, alert.routerId.isEmpty() ? QJsonValue() : QJsonValue(alert.routerId)},
                       {u"router_details"_s,
                        QJsonObject{{u"name"_s, d.name}, {u"description"_s, d.description}, {u"mac"_s, d.mac},
                                    {u"serial_number"_s, d.serialNumber}, {u"asset_id"_s, d.assetId},
                                    {u"custom1"_s, d.custom1}, {u"custom2"_s, d.custom2}}}};
    if (!alert.accountId.isEmpty())
        object.insert(u"account"_s, alert.accountId);
    if (alert.createdAt.isValid())
        object.insert(u"created_at"_s, formatTimeMicros(alert.createdAt.toMSecsSinceEpoch() * 1000));
    if (!alert.createdAtTimeuuid.isEmpty())
        object.insert(u"created_at_timeuuid"_s, alert.createdAtTimeuuid);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString idFromReference(const QJsonValue &value)
{
    if (value.isDouble())
        return QString::number(value.toDouble(), 'f', 0);
    if (value.isObject())
        return idFromReference(value.toObject().value("id"_L1));
    if (!value.isString())
        return {};

    const QString text = value.toString().trimmed();
    if (!text.contains(u'/'))
        return text;
    const QString path = text.contains(u"://"_s) ? QUrl(text).path() : text.section(u'?', 0, 0);
    const QStringList segments = path.split(u'/', Qt::SkipEmptyParts);
    return segments.isEmpty() ? QString() : segments.constLast();
}

std::optional<Alert> parseAlert(const QJsonObject &object, QString *error)
{
    const auto fail = [error](const QString &sentence) {
        if (error)
            *error = sentence;
        return std::nullopt;
    };

    const QJsonValue type = object.value("type"_L1);
    if (!type.isString() || type.toString().trimmed().isEmpty())
        return fail(u"the alert has no \"type\" string."_s);
    if (type.toString().size() > MaxTypeLength)
        return fail(u"the alert's \"type\" is longer than %1 characters."_s.arg(MaxTypeLength));

    const QJsonValue detected = object.value("detected_at"_L1);
    const std::optional<qint64> detectedUsec
        = detected.isString() ? parseTimeMicros(detected.toString()) : std::nullopt;
    if (!detectedUsec)
        return fail(u"the alert's \"detected_at\" is missing or not an ISO-8601 time."_s);

    Alert alert;
    alert.type = type.toString();
    alert.detectedAtUsec = *detectedUsec;
    alert.detectedAt = parseTime(detected.toString());
    alert.routerId = idFromReference(object.value("router"_L1));
    alert.accountId = idFromReference(object.value("account"_L1));
    alert.routerDetails = parseRouterDetails(object.value("router_details"_L1));
    alert.createdAt = parseTime(object.value("created_at"_L1).toString());
    alert.createdAtTimeuuid = object.value("created_at_timeuuid"_L1).toString().trimmed();
    alert.friendlyInfo = stringField(object, "friendly_info"_L1);
    alert.info = parseInfo(object.value("info"_L1));
    alert.json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return alert;
}

PushParseResult parsePush(QByteArrayView body)
{
    PushParseResult result;
    if (body.trimmed().isEmpty()) {
        result.error = u"The body is empty."_s;
        return result;
    }

    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = parseErrorSentence(parseError);
        return result;
    }
    if (document.isArray())
        return parseAlertArray(document.array());
    if (!document.isObject()) {
        result.error = u"The body is neither a JSON object nor an array."_s;
        return result;
    }

    const QJsonObject object = document.object();
    if (object.contains("data"_L1)) {
        const QJsonValue data = object.value("data"_L1);
        if (!data.isArray()) {
            result.error = u"\"data\" is not an array of alerts."_s;
            return result;
        }
        return parseAlertArray(data.toArray());
    }

    QString error;
    std::optional<Alert> alert = parseAlert(object, &error);
    if (!alert) {
        result.error = u"The body is neither {\"data\": [...]} nor a valid alert: %1"_s.arg(error);
        return result;
    }
    result.alerts.append(std::move(*alert));
    return result;
}

} // namespace fw::ncm
