#include "sandbox/fleetresources.h"

#include "sandbox/fleet.h"
#include "sandbox/ncmformat.h"

#include <QCryptographicHash>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace fw::sandbox {

namespace {

// Stable per-id digits for MACs, serials, ICCIDs and IMEIs.
QByteArray digest(qint64 id, QByteArrayView salt)
{
    return QCryptographicHash::hash(QByteArray::number(id).append(salt), QCryptographicHash::Sha1);
}

QString digits(qint64 id, QByteArrayView salt, int count)
{
    const QByteArray bytes = digest(id, salt);
    QString result;
    for (int i = 0; i < count; ++i)
        result.append(QChar(u'0' + uchar(bytes[i % bytes.size()]) % 10));
    return result;
}

QString mac(qint64 id)
{
    const QByteArray bytes = digest(id, "mac");
    return u"00:30:44:"_s % QString::fromLatin1(bytes.left(3).toHex(':'));
}

// Most times carry "+00:00"; some "Z", as NCM's records do.
QString time(qint64 us, qint64 id)
{
    return isoTime(us, id % 7 == 3);
}

int signalPercent(float rsrp)
{
    return std::clamp(int(std::lround((rsrp + 125.0) * 100.0 / 50.0)), 0, 100);
}

int healthScore(const Modem &modem)
{
    const double fromRsrp = (modem.rsrp + 125.0) / 45.0;
    const double fromSinr = (modem.sinr + 5.0) / 25.0;
    const double score = 100.0 * std::clamp(0.5 * fromRsrp + 0.5 * fromSinr, 0.0, 1.0);
    return modem.connected ? int(std::lround(score)) : int(std::lround(score * 0.3));
}

QString healthCategory(int score)
{
    return score < 40 ? u"poor"_s : score < 65 ? u"fair"_s : score < 85 ? u"good"_s : u"excellent"_s;
}

} // namespace

FleetResources::FleetResources(Fleet &fleet)
    : m_fleet(fleet)
{
}

QString FleetResources::url(QStringView resource, const QString &id) const
{
    return m_apiBase % resource % u'/' % id % u'/';
}

QJsonObject FleetResources::account(int index) const
{
    const Account &account = m_fleet.accounts()[index];
    return {{u"id"_s, account.id},
            {u"name"_s, account.name},
            {u"account"_s, QJsonValue::Null},
            {u"resource_url"_s, url(u"accounts", account.id)}};
}

QJsonObject FleetResources::group(int index) const
{
    const Group &group = m_fleet.groups()[index];
    return {{u"id"_s, group.id},
            {u"name"_s, group.name},
            {u"account"_s, url(u"accounts", m_fleet.accounts()[group.account].id)},
            {u"product"_s, Fleet::products()[group.product].name},
            {u"resource_url"_s, url(u"groups", group.id)}};
}

QJsonObject FleetResources::router(int index) const
{
    const Router &r = m_fleet.routers()[size_t(index)];
    const QString id = QString::number(r.id);
    const Group &group = m_fleet.groups()[r.group];
    return {{u"id"_s, id},
            {u"name"_s, r.name},
            {u"description"_s, r.description},
            {u"mac"_s, mac(r.id)},
            {u"serial_number"_s, QString(u"WA"_s % digits(r.id, "serial", 10))},
            {u"asset_id"_s, r.assetId},
            {u"custom1"_s, r.custom1},
            {u"custom2"_s, r.custom2},
            {u"full_product_name"_s, m_fleet.productOf(r).name},
            {u"product"_s, m_fleet.productOf(r).name.section(u'-', 0, 0)},
            {u"account"_s, url(u"accounts", m_fleet.accounts()[group.account].id)},
            {u"group"_s, url(u"groups", group.id)},
            {u"state"_s, routerStateName(r.state)},
            {u"state_updated_at"_s, time(r.stateUpdatedUs, r.id)},
            {u"ipv4_address"_s, QString(u"10."_s % QString::number((r.id >> 16) & 0xff) % u'.'
                 % QString::number((r.id >> 8) & 0xff) % u'.' % QString::number(r.id & 0xff))},
            {u"locality"_s, r.custom1},
            {u"last_known_location"_s, url(u"locations", id)},
            {u"config_status"_s, u"synched"_s},
            {u"actual_firmware"_s, url(u"firmwares", u"7.24.40"_s)},
            {u"created_at"_s, time(r.createdUs, r.id)},
            {u"updated_at"_s, time(std::max(r.updatedUs, r.stateUpdatedUs), r.id)},
            {u"resource_url"_s, url(u"routers", id)}};
}

QJsonObject FleetResources::routerDetails(int index) const
{
    const Router &r = m_fleet.routers()[size_t(index)];
    return {{u"name"_s, r.name},
            {u"description"_s, r.description},
            {u"mac"_s, mac(r.id)},
            {u"serial_number"_s, QString(u"WA"_s % digits(r.id, "serial", 10))},
            {u"asset_id"_s, r.assetId},
            {u"custom1"_s, r.custom1},
            {u"custom2"_s, r.custom2}};
}

QJsonObject FleetResources::location(int index) const
{
    const Router &r = m_fleet.routers()[size_t(index)];
    const QString id = QString::number(r.id);
    return {{u"id"_s, id},
            {u"router"_s, url(u"routers", id)},
            {u"latitude"_s, std::round(r.lat * 1e6) / 1e6},
            {u"longitude"_s, std::round(r.lon * 1e6) / 1e6},
            {u"accuracy"_s, m_fleet.productOf(r).mobile ? 8 : 25},
            {u"altitude_meters"_s, std::round(r.altitude * 10) / 10},
            {u"method"_s, u"gps"_s},
            {u"created_at"_s, time(r.createdUs, r.id)},
            {u"updated_at"_s, time(r.locationUpdatedUs, r.id)},
            {u"resource_url"_s, url(u"locations", id)}};
}

QJsonArray FleetResources::historicalLocations(int index) const
{
    const Router &r = m_fleet.routers()[size_t(index)];
    const QString routerUrl = url(u"routers", QString::number(r.id));
    const Modem &modem = m_fleet.modems()[size_t(r.firstModem)];
    QJsonArray result;
    for (size_t i = 0; i < r.track.size(); ++i) {
        const Position &p = r.track[(size_t(r.trackHead) + i) % r.track.size()];
        result.append(QJsonObject{
            {u"router"_s, routerUrl},
            {u"latitude"_s, std::round(p.latitude * 1e6) / 1e6},
            {u"longitude"_s, std::round(p.longitude * 1e6) / 1e6},
            {u"accuracy"_s, 8},
            {u"mph"_s, std::round(p.mph * 10) / 10},
            {u"carrier_id"_s, Fleet::carriers()[modem.carrier]},
            {u"cinr"_s, std::round(modem.sinr * 10) / 10},
            {u"dbm"_s, qint64(std::lround(modem.rsrp + 20))},
            {u"rsrp"_s, std::round(modem.rsrp * 10) / 10},
            {u"created_at"_s, time(p.timeUs, r.id)},
            {u"created_at_timeuuid"_s, timeUuid(p.timeUs, quint64(r.id), 0x1a1)}});
    }
    return result;
}

QJsonArray FleetResources::stateSamples(int index) const
{
    const Router &r = m_fleet.routers()[size_t(index)];
    const QString routerUrl = url(u"routers", QString::number(r.id));
    QJsonArray result;
    for (const StateSample &sample : r.stateSamples) {
        result.append(QJsonObject{{u"router"_s, routerUrl},
                                  {u"state"_s, routerStateName(sample.state)},
                                  {u"created_at"_s, time(sample.timeUs, r.id)},
                                  {u"created_at_timeuuid"_s, timeUuid(sample.timeUs, quint64(r.id), 0x2b2)}});
    }
    return result;
}

QJsonObject FleetResources::netDevice(int index) const
{
    const Modem &m = m_fleet.modems()[size_t(index)];
    const Router &r = m_fleet.routers()[size_t(m.router)];
    const QString id = QString::number(m.id);
    const bool online = r.state == RouterState::Online && m.connected;
    return {{u"id"_s, id},
            {u"router"_s, url(u"routers", QString::number(r.id))},
            {u"name"_s, QString(u"mdm-"_s % QString::number(m.id, 16))},
            {u"mode"_s, u"wan"_s},
            {u"type"_s, u"mdm"_s},
            {u"is_asset"_s, false},
            {u"connection_state"_s, online ? u"connected"_s : u"disconnected"_s},
            {u"carrier"_s, Fleet::carriers()[m.carrier]},
            {u"service_type"_s, m.lte ? u"LTE"_s : u"3G"_s},
            {u"rfband"_s, m.lte ? QString(u"Band "_s % QString::number(2 + m.cellId % 5 * 10 % 66)) : u"UMTS 1900"_s},
            {u"iccid"_s, QString(u"8901"_s % digits(m.id, "iccid", 15))},
            {u"imei"_s, QString(u"35"_s % digits(m.id, "imei", 13))},
            {u"manufacturer"_s, u"Sierra Wireless"_s},
            {u"model"_s, m_fleet.productOf(r).modemModel},
            {u"updated_at"_s, time(m.updatedUs, m.id)},
            {u"resource_url"_s, url(u"net_devices", id)}};
}

QJsonObject FleetResources::netDeviceMetrics(int index) const
{
    const Modem &m = m_fleet.modems()[size_t(index)];
    const QString id = QString::number(m.id);
    return {{u"id"_s, id},
            {u"net_device"_s, url(u"net_devices", id)},
            {u"rsrp"_s, std::round(m.rsrp * 10) / 10},
            {u"rsrq"_s, std::round(m.rsrq * 10) / 10},
            {u"rssi"_s, std::round((m.rsrp + 20) * 10) / 10},
            {u"rssnr"_s, std::round(m.sinr * 10) / 10},
            {u"sinr"_s, std::round(m.sinr * 10) / 10},
            {u"signal_strength"_s, signalPercent(m.rsrp)},
            {u"cell_id"_s, QString::number(m.cellId)},
            {u"service_type"_s, m.lte ? u"LTE"_s : u"3G"_s},
            {u"update_ts"_s, time(m.updatedUs, m.id)}};
}

QJsonObject FleetResources::netDeviceHealth(int index) const
{
    const Modem &m = m_fleet.modems()[size_t(index)];
    const QString id = QString::number(m.id);
    const int score = healthScore(m);
    return {{u"id"_s, id},
            {u"net_device"_s, url(u"net_devices", id)},
            {u"cellular_health_score"_s, score},
            {u"cellular_health_category"_s, healthCategory(score)},
            {u"updated_at"_s, time(m.updatedUs, m.id)}};
}

QJsonArray FleetResources::signalSamples(int index) const
{
    const Modem &m = m_fleet.modems()[size_t(index)];
    const QString deviceUrl = url(u"net_devices", QString::number(m.id));
    const qint64 uptimeBase = m_fleet.routers()[size_t(m.router)].stateUpdatedUs;
    QJsonArray result;
    for (size_t i = 0; i < m.samples.size(); ++i) {
        const SignalSample &s = m.samples[(size_t(m.sampleHead) + i) % m.samples.size()];
        result.append(QJsonObject{
            {u"net_device"_s, deviceUrl},
            {u"created_at"_s, time(s.timeUs, m.id)},
            {u"created_at_timeuuid"_s, timeUuid(s.timeUs, quint64(m.id), 0x3c3)},
            {u"rsrp"_s, std::round(s.rsrp * 10) / 10},
            {u"rsrq"_s, std::round(s.rsrq * 10) / 10},
            {u"rssi"_s, std::round((s.rsrp + 20) * 10) / 10},
            {u"rssnr"_s, std::round(s.sinr * 10) / 10},
            {u"sinr"_s, std::round(s.sinr * 10) / 10},
            {u"signal_percent"_s, signalPercent(s.rsrp)},
            {u"dbm"_s, qint64(std::lround(s.rsrp + 20))},
            {u"uptime"_s, std::max<qint64>(0, (s.timeUs - uptimeBase) / 1000000)}});
    }
    return result;
}

QJsonObject FleetResources::battery(int index) const
{
    const Router &r = m_fleet.routers()[size_t(index)];
    if (r.battery < 0)
        return {};
    const Battery &b = m_fleet.batteries()[size_t(r.battery)];
    const QString id = QString::number(r.id);
    const double milliamps = b.onWall ? (b.rsoc < 99.5 ? 850.0 : 0.0) : -640.0;
    const int minutesLeft = b.onWall ? -1 : int(b.rsoc / 22.0 * 60.0);
    return {{u"id"_s, id},
            {u"router"_s, url(u"routers", id)},
            {u"rsoc"_s, qRound(b.rsoc)},
            {u"status"_s, b.onWall ? (b.rsoc < 99.5 ? u"charging"_s : u"full"_s) : u"discharging"_s},
            {u"health"_s, b.health},
            {u"time_remaining"_s, minutesLeft},
            {u"milliamps"_s, milliamps},
            {u"millivolts"_s, 7000 + qRound(b.rsoc * 14)},
            {u"temp"_s, std::round(b.temp * 10) / 10},
            {u"created_at"_s, time(r.createdUs, r.id)},
            {u"updated_at"_s, time(b.updatedUs, r.id)}};
}

} // namespace fw::sandbox
