#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// Plain value types for what the API sync learns about a fleet. IDs are strings (NCM's IDs
// are strings even when numeric); references to other records are reduced to their IDs.
namespace fw::api {

struct AccountInfo
{
    QString id;
    QString name;
    QString parentAccountId; // empty for the top account
};

struct GroupInfo
{
    QString id;
    QString name;
    QString accountId;
    QString productName;
};

struct RouterInfo
{
    QString id;
    QString name;
    QString description;
    QString mac;
    QString serialNumber;
    QString assetId;
    QString custom1;
    QString custom2;
    QString productName;     // full_product_name
    QString accountId;
    QString groupId;
    QString groupName;       // from expand=group, empty when not expanded
    QString state;           // "online", "offline", "initialized", or whatever NCM sends
    QDateTime stateUpdatedAt;
    QString stateUpdatedAtText; // exactly as NCM wrote it, for the next __gt filter
    QString ipv4Address;
    QString locality;
    QString configStatus;
    QDateTime updatedAt;
};

struct Location
{
    QString id;
    QString routerId;
    double latitude = 0;
    double longitude = 0;
    std::optional<double> accuracyMeters;
    std::optional<double> altitudeMeters;
    QString method;
    QDateTime updatedAt;
};

struct ModemInfo
{
    QString id;
    QString routerId; // empty when NCM has it unattached
    QString name;
    QString mode;     // "wan" / "lan"
    QString type;     // "mdm" for a cellular modem; empty when NCM does not say
    bool isAsset = false;
    QString connectionState;
    QString carrier;
    QString serviceType;
    QString rfBand;
    QString iccid;
    QString imei;
    QString manufacturer;
    QString model;
    QDateTime updatedAt;
};

struct SignalSample
{
    QString modemId; // net_device_metrics id equals the net_device id
    std::optional<double> rsrp;
    std::optional<double> rsrq;
    std::optional<double> rssi;
    std::optional<double> rssnr;
    std::optional<double> sinr;
    std::optional<int> signalPercent; // signal_strength, 0-100
    QString cellId;
    QString serviceType;
    QDateTime at;
};

struct CellularHealth
{
    QString modemId;
    std::optional<int> score; // 0-100
    QString category;         // poor / fair / good / excellent
};

struct BatteryInfo
{
    QString routerId;
    std::optional<double> chargePercent; // rsoc
    QString status;
    QString health;
    std::optional<double> timeRemaining; // as NCM reports it
    std::optional<double> milliamps;
    std::optional<double> millivolts;
    std::optional<double> temperature;
    QDateTime updatedAt;
};

struct RouterStateChange
{
    QString routerId;
    QString state;
    QDateTime at;
    QString atText; // exactly as NCM wrote it
};

// Each parser refuses a record without an id (or the reference that identifies it) with a
// sentence naming the endpoint; everything else is optional and kept when present.
std::optional<AccountInfo> parseAccount(const QJsonObject &record, QString *error);
std::optional<GroupInfo> parseGroup(const QJsonObject &record, QString *error);
std::optional<RouterInfo> parseRouter(const QJsonObject &record, QString *error);
std::optional<Location> parseLocation(const QJsonObject &record, QString *error);
std::optional<ModemInfo> parseModem(const QJsonObject &record, QString *error);
std::optional<SignalSample> parseSignal(const QJsonObject &record, QString *error);
std::optional<CellularHealth> parseHealth(const QJsonObject &record, QString *error);
std::optional<BatteryInfo> parseBattery(const QJsonObject &record, QString *error);
std::optional<RouterStateChange> parseStateChange(const QJsonObject &record, QString *error);

// "https://host/api/v2/routers/123/" -> "123"; "123" or 123 -> "123"; null -> "".
QString referenceId(const QJsonValue &value);
// NCM time text, with or without microseconds, "Z" or an offset; invalid when unreadable.
QDateTime parseNcmTime(const QString &text);
// UTC time as NCM writes it, with microseconds and "+00:00".
QString formatNcmTime(const QDateTime &time);
// Microseconds since the epoch (UTC) in the same form.
QString formatNcmTimeUsec(qint64 usec);

} // namespace fw::api
