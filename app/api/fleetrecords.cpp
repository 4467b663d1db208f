#include "api/fleetrecords.h"

#include "ncm/alertparser.h"

#include <QJsonValue>
#include <QTimeZone>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace fw::api {

namespace {

QString text(const QJsonObject &record, QLatin1StringView key)
{
    return ncm::stringField(record, key);
}

std::optional<double> number(const QJsonObject &record, QLatin1StringView key)
{
    const QJsonValue value = record.value(key);
    if (value.isDouble())
        return value.toDouble();
    if (value.isString()) {
        bool ok = false;
        const double parsed = value.toString().trimmed().toDouble(&ok);
        if (ok)
            return parsed;
    }
    return std::nullopt;
}

std::optional<int> integer(const QJsonObject &record, QLatin1StringView key)
{
    const auto value = number(record, key);
    if (!value)
        return std::nullopt;
    return static_cast<int>(*value);
}

QDateTime time(const QJsonObject &record, QLatin1StringView key)
{
    return parseNcmTime(record.value(key).toString());
}

bool refuse(QString *error, QLatin1StringView endpoint, QLatin1StringView field)
{
    if (error)
        *error = u"A record from NCM's %1/ has no %2."_s.arg(endpoint, field);
    return false;
}

} // namespace

QString referenceId(const QJsonValue &value)
{
    if (value.isDouble())
        return QString::number(static_cast<qint64>(value.toDouble()));
    if (value.isObject()) // expanded reference
        return referenceId(value.toObject().value("id"_L1));
    if (!value.isString())
        return {};
    const QString textValue = value.toString().trimmed();
    if (!textValue.contains(u'/'))
        return textValue;
    return QUrl(textValue).path().section(u'/', -1, -1, QString::SectionSkipEmpty);
}

QDateTime parseNcmTime(const QString &textValue)
{
    if (textValue.isEmpty())
        return {};
    QString normal = textValue.trimmed();
    // Qt keeps milliseconds: cut microseconds to three digits before parsing.
    const qsizetype dot = normal.indexOf(u'.');
    if (dot > 0) {
        qsizetype end = dot + 1;
        while (end < normal.size() && normal.at(end).isDigit())
            ++end;
        if (end - dot - 1 > 3)
            normal.remove(dot + 4, end - dot - 4);
    }
    QDateTime parsed = QDateTime::fromString(normal, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return {};
    if (parsed.timeSpec() == Qt::LocalTime) // no offset given: NCM means UTC
        parsed.setTimeZone(QTimeZone::utc());
    return parsed.toUTC();
}

QString formatNcmTime(const QDateTime &timeValue)
{
    const QDateTime utc = timeValue.toUTC();
    return utc.toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u"000+00:00"_s;
}

QString formatNcmTimeUsec(qint64 usec)
{
    const qint64 ms = usec >= 0 ? usec / 1000 : (usec - 999) / 1000;
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    const qint64 micros = usec - ms * 1000 + utc.time().msec() * 1000;
    return utc.toString(u"yyyy-MM-ddTHH:mm:ss."_s) + u"%1"_s.arg(micros, 6, 10, QLatin1Char('0')) + u"+00:00"_s;
}

std::optional<AccountInfo> parseAccount(const QJsonObject &record, QString *error)
{
    AccountInfo account{text(record, "id"_L1), text(record, "name"_L1), referenceId(record.value("account"_L1))};
    if (account.id.isEmpty() && !refuse(error, "accounts"_L1, "id"_L1))
        return std::nullopt;
    return account;
}

std::optional<GroupInfo> parseGroup(const QJsonObject &record, QString *error)
{
    GroupInfo group{text(record, "id"_L1), text(record, "name"_L1), referenceId(record.value("account"_L1)),
                    text(record, "product"_L1)};
    if (group.id.isEmpty() && !refuse(error, "groups"_L1, "id"_L1))
        return std::nullopt;
    return group;
}

std::optional<RouterInfo> parseRouter(const QJsonObject &record, QString *error)
{
    RouterInfo router;
    router.id = text(record, "id"_L1);
    if (router.id.isEmpty() && !refuse(error, "routers"_L1, "id"_L1))
        return std::nullopt;
    router.name = text(record, "name"_L1);
    router.description = text(record, "description"_L1);
    router.mac = text(record, "mac"_L1);
    router.serialNumber = text(record, "serial_number"_L1);
    router.assetId = text(record, "asset_id"_L1);
    router.custom1 = text(record, "custom1"_L1);
    router.custom2 = text(record, "custom2"_L1);
    router.productName = text(record, "full_product_name"_L1);
    router.accountId = referenceId(record.value("account"_L1));
    router.groupId = referenceId(record.value("group"_L1));
    router.groupName = record.value("group"_L1).toObject().value("name"_L1).toString();
    router.state = text(record, "state"_L1);
    router.stateUpdatedAtText = text(record, "state_updated_at"_L1);
    router.stateUpdatedAt = parseNcmTime(router.stateUpdatedAtText);
    router.ipv4Address = text(record, "ipv4_address"_L1);
    router.locality = text(record, "locality"_L1);
    router.configStatus = text(record, "config_status"_L1);
    router.updatedAt = time(record, "updated_at"_L1);
    return router;
}

std::optional<Location> parseLocation(const QJsonObject &record, QString *error)
{
    Location location;
    location.id = text(record, "id"_L1);
    location.routerId = referenceId(record.value("router"_L1));
    if (location.routerId.isEmpty() && !refuse(error, "locations"_L1, "router"_L1))
        return std::nullopt;
    const auto latitude = number(record, "latitude"_L1);
    const auto longitude = number(record, "longitude"_L1);
    if ((!latitude || !longitude || qAbs(*latitude) > 90 || qAbs(*longitude) > 180)
        && !refuse(error, "locations"_L1, "valid latitude and longitude"_L1))
        return std::nullopt;
    location.latitude = *latitude;
    location.longitude = *longitude;
    location.accuracyMeters = number(record, "accuracy"_L1);
    location.altitudeMeters = number(record, "altitude_meters"_L1);
    location.method = text(record, "method"_L1);
    location.updatedAt = time(record, "updated_at"_L1);
    return location;
}

std::optional<ModemInfo> parseModem(const QJsonObject &record, QString *error)
{
    ModemInfo modem;
    modem.id = text(record, "id"_L1);
    if (modem.id.isEmpty() && !refuse(error, "net_devices"_L1, "id"_L1))
        return std::nullopt;
    modem.routerId = referenceId(record.value("router"_L1));
    modem.name = text(record, "name"_L1);
    modem.mode = text(record, "mode"_L1);
    modem.type = text(record, "type"_L1);
    modem.isAsset = record.value("is_asset"_L1).toBool();
    modem.connectionState = text(record, "connection_state"_L1);
    modem.carrier = text(record, "carrier"_L1);
    modem.serviceType = text(record, "service_type"_L1);
    modem.rfBand = text(record, "rfband"_L1);
    modem.iccid = text(record, "iccid"_L1);
    modem.imei = text(record, "imei"_L1);
    modem.manufacturer = text(record, "manufacturer"_L1);
    modem.model = text(record, "model"_L1);
    modem.updatedAt = time(record, "updated_at"_L1);
    return modem;
}

std::optional<SignalSample> parseSignal(const QJsonObject &record, QString *error)
{
    SignalSample sample;
    sample.modemId = text(record, "id"_L1);
    if (sample.modemId.isEmpty() && !refuse(error, "net_device_metrics"_L1, "id"_L1))
        return std::nullopt;
    sample.rsrp = number(record, "rsrp"_L1);
    sample.rsrq = number(record, "rsrq"_L1);
    sample.rssi = number(record, "rssi"_L1);
    sample.rssnr = number(record, "rssnr"_L1);
    sample.sinr = number(record, "sinr"_L1);
    sample.signalPercent = integer(record, "signal_strength"_L1);
    sample.cellId = text(record, "cell_id"_L1);
    sample.serviceType = text(record, "service_type"_L1);
    sample.at = time(record, "update_ts"_L1);
    return sample;
}

std::optional<CellularHealth> parseHealth(const QJsonObject &record, QString *error)
{
    CellularHealth health;
    health.modemId = referenceId(record.value("net_device"_L1));
    if (health.modemId.isEmpty() && !refuse(error, "net_device_health"_L1, "net_device"_L1))
        return std::nullopt;
    health.score = integer(record, "cellular_health_score"_L1);
    health.category = text(record, "cellular_health_category"_L1);
    return health;
}

std::optional<BatteryInfo> parseBattery(const QJsonObject &record, QString *error)
{
    BatteryInfo battery;
    battery.routerId = referenceId(record.value("router"_L1));
    if (battery.routerId.isEmpty() && !refuse(error, "batteries"_L1, "router"_L1))
        return std::nullopt;
    battery.chargePercent = number(record, "rsoc"_L1);
    battery.status = text(record, "status"_L1);
    battery.health = text(record, "health"_L1);
    battery.timeRemaining = number(record, "time_remaining"_L1);
    battery.milliamps = number(record, "milliamps"_L1);
    battery.millivolts = number(record, "millivolts"_L1);
    battery.temperature = number(record, "temp"_L1);
    battery.updatedAt = time(record, "updated_at"_L1);
    if (!battery.updatedAt.isValid())
        battery.updatedAt = time(record, "created_at"_L1);
    return battery;
}

std::optional<RouterStateChange> parseStateChange(const QJsonObject &record, QString *error)
{
    RouterStateChange change;
    change.routerId = text(record, "id"_L1);
    change.state = text(record, "state"_L1);
    if (change.routerId.isEmpty() && !refuse(error, "routers"_L1, "id"_L1))
        return std::nullopt;
    if (change.state.isEmpty() && !refuse(error, "routers"_L1, "state"_L1))
        return std::nullopt;
    change.atText = text(record, "state_updated_at"_L1);
    change.at = parseNcmTime(change.atText);
    return change;
}

} // namespace fw::api
