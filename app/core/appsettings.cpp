#include "core/appsettings.h"

#include <QFileInfo>
#include <QSettings>

using namespace Qt::Literals::StringLiterals;

namespace fw::core {

bool parseNetwork(const QString &text, std::pair<QHostAddress, int> *network, QString *error)
{
    const QString trimmed = text.trimmed();
    std::pair<QHostAddress, int> parsed = QHostAddress::parseSubnet(trimmed);
    if (parsed.first.isNull()) {
        QHostAddress single(trimmed);
        if (single.isNull()) {
            if (error)
                *error = QObject::tr("“%1” is neither an address nor a network such as 10.0.0.0/8.").arg(text);
            return false;
        }
        parsed = {single, single.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32};
    }
    if (network)
        *network = parsed;
    return true;
}

namespace {

void checkFile(const QString &key, const QString &path, const QString &what, QList<SettingError> &errors)
{
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable())
        errors.append({key, QObject::tr("The %1 file “%2” cannot be read.").arg(what, path)});
}

void checkNetworks(const QString &key, const QStringList &list, QList<SettingError> &errors)
{
    for (const QString &entry : list) {
        QString error;
        if (!parseNetwork(entry, nullptr, &error)) {
            errors.append({key, error});
            return;
        }
    }
}

bool isHttpUrl(const QUrl &url)
{
    return url.isValid() && (url.scheme() == u"https" || url.scheme() == u"http") && !url.host().isEmpty();
}

void checkListener(const AppSettings &s, QList<SettingError> &errors)
{
    if (QHostAddress(s.listenAddress).isNull())
        errors.append({u"listener/address"_s, QObject::tr("The listen address must be an IP address.")});
    if (s.listenPort < 1 || s.listenPort > 65535)
        errors.append({u"listener/port"_s, QObject::tr("The port must be between 1 and 65535.")});
    if (!s.listenPath.startsWith(u'/') || s.listenPath.contains(u' ') || s.listenPath.contains(u'?'))
        errors.append({u"listener/path"_s, QObject::tr("The path must start with / and hold no spaces or ?.")});
    if (s.tlsCertFile.isEmpty() != s.tlsKeyFile.isEmpty())
        errors.append({u"listener/tlsKey"_s, QObject::tr("TLS needs both a certificate and a key file.")});
    checkFile(u"listener/tlsCert"_s, s.tlsCertFile, QObject::tr("certificate"), errors);
    checkFile(u"listener/tlsKey"_s, s.tlsKeyFile, QObject::tr("key"), errors);
    checkNetworks(u"listener/allow"_s, s.allowedNetworks, errors);
    checkNetworks(u"listener/trustedProxies"_s, s.trustedProxies, errors);
    if (!s.publicUrl.isEmpty() && !isHttpUrl(s.publicUrl))
        errors.append({u"listener/publicUrl"_s, QObject::tr("The public URL must be an http or https URL.")});
}

void checkThresholds(const AppSettings &s, QList<SettingError> &errors)
{
    if (s.rsrpPoorDbm < -140 || s.rsrpPoorDbm > -44 || s.rsrpFairDbm < -140 || s.rsrpFairDbm > -44)
        errors.append({u"thresholds/rsrp"_s, QObject::tr("RSRP thresholds must lie between -140 and -44 dBm.")});
    else if (s.rsrpPoorDbm >= s.rsrpFairDbm)
        errors.append({u"thresholds/rsrp"_s, QObject::tr("The poor RSRP threshold must be below the fair one.")});
    if (s.sinrPoorDb < -20 || s.sinrPoorDb > 30)
        errors.append({u"thresholds/sinr"_s, QObject::tr("The SINR threshold must lie between -20 and 30 dB.")});
    if (s.batteryLowPercent < 1 || s.batteryLowPercent > 99)
        errors.append({u"thresholds/battery"_s, QObject::tr("The battery threshold must be between 1 and 99 %.")});
    if (s.silentFeedSeconds < 10 || s.silentFeedSeconds > 7 * 86400)
        errors.append({u"feed/silentSeconds"_s,
                       QObject::tr("The silent-feed time must be between 10 seconds and 7 days.")});
}

} // namespace

QList<SettingError> AppSettings::validate() const
{
    QList<SettingError> errors;
    checkListener(*this, errors);
    if (feedMode == FeedMode::Relay
        && !(relayUrl.isValid() && (relayUrl.scheme() == u"ws" || relayUrl.scheme() == u"wss")
             && !relayUrl.host().isEmpty()))
        errors.append({u"relay/url"_s, QObject::tr("The relay URL must be a ws:// or wss:// URL.")});
    if (!isHttpUrl(apiBase))
        errors.append({u"ncm/apiBase"_s, QObject::tr("The NCM API address must be an http or https URL.")});
    if (tilesEnabled) {
        const bool placeholders = tileUrlTemplate.contains(u"{z}") && tileUrlTemplate.contains(u"{x}")
            && tileUrlTemplate.contains(u"{y}");
        if (!placeholders || !isHttpUrl(QUrl(tileUrlTemplate)))
            errors.append({u"tiles/url"_s, QObject::tr("The tile URL must be http(s) and contain {z}, {x} and {y}.")});
        if (tileAttribution.trimmed().isEmpty())
            errors.append({u"tiles/attribution"_s, QObject::tr("Online tiles need their attribution.")});
    }
    checkThresholds(*this, errors);
    if (operatorName.trimmed().size() > 80)
        errors.append({u"operator/name"_s, QObject::tr("The operator name is limited to 80 characters.")});
    return errors;
}

namespace {

// Applies one stored value if present, keeping the default otherwise.
template<typename T>
void read(QSettings &s, const QString &key, T &target)
{
    if (s.contains(key))
        target = s.value(key).value<T>();
}

} // namespace

AppSettings AppSettings::load(QSettings &s, QList<SettingError> *problems)
{
    AppSettings loaded;
    const QString mode = s.value(u"feed/mode"_s, u"listener"_s).toString();
    loaded.feedMode = mode == u"relay" ? FeedMode::Relay : FeedMode::Listener;
    read(s, u"listener/address"_s, loaded.listenAddress);
    read(s, u"listener/port"_s, loaded.listenPort);
    read(s, u"listener/path"_s, loaded.listenPath);
    read(s, u"listener/tlsCert"_s, loaded.tlsCertFile);
    read(s, u"listener/tlsKey"_s, loaded.tlsKeyFile);
    read(s, u"listener/allow"_s, loaded.allowedNetworks);
    read(s, u"listener/trustedProxies"_s, loaded.trustedProxies);
    read(s, u"listener/publicUrl"_s, loaded.publicUrl);
    read(s, u"relay/url"_s, loaded.relayUrl);
    read(s, u"ncm/apiBase"_s, loaded.apiBase);
    read(s, u"tiles/enabled"_s, loaded.tilesEnabled);
    read(s, u"tiles/url"_s, loaded.tileUrlTemplate);
    read(s, u"tiles/attribution"_s, loaded.tileAttribution);
    read(s, u"sound/enabled"_s, loaded.soundEnabled);
    read(s, u"thresholds/rsrpPoor"_s, loaded.rsrpPoorDbm);
    read(s, u"thresholds/rsrpFair"_s, loaded.rsrpFairDbm);
    read(s, u"thresholds/sinrPoor"_s, loaded.sinrPoorDb);
    read(s, u"thresholds/battery"_s, loaded.batteryLowPercent);
    read(s, u"feed/silentSeconds"_s, loaded.silentFeedSeconds);
    read(s, u"operator/name"_s, loaded.operatorName);

    const QList<SettingError> errors = loaded.validate();
    if (errors.isEmpty())
        return loaded;
    if (problems)
        *problems = errors;
    // A damaged setting must not stop the program: start from defaults for what failed.
    AppSettings repaired = loaded;
    const AppSettings defaults;
    for (const SettingError &error : errors) {
        const QString group = error.key.section(u'/', 0, 0);
        if (group == u"listener") {
            repaired.listenAddress = defaults.listenAddress;
            repaired.listenPort = defaults.listenPort;
            repaired.listenPath = defaults.listenPath;
            repaired.tlsCertFile.clear();
            repaired.tlsKeyFile.clear();
            repaired.allowedNetworks.clear();
            repaired.trustedProxies.clear();
            repaired.publicUrl.clear();
        } else if (group == u"relay") {
            repaired.feedMode = FeedMode::Listener;
            repaired.relayUrl.clear();
        } else if (group == u"ncm") {
            repaired.apiBase = defaults.apiBase;
        } else if (group == u"tiles") {
            repaired.tilesEnabled = false;
        } else if (group == u"thresholds" || group == u"feed") {
            repaired.rsrpPoorDbm = defaults.rsrpPoorDbm;
            repaired.rsrpFairDbm = defaults.rsrpFairDbm;
            repaired.sinrPoorDb = defaults.sinrPoorDb;
            repaired.batteryLowPercent = defaults.batteryLowPercent;
            repaired.silentFeedSeconds = defaults.silentFeedSeconds;
        } else if (group == u"operator") {
            repaired.operatorName = repaired.operatorName.trimmed().left(80);
        }
    }
    return repaired;
}

QList<SettingError> AppSettings::save(QSettings &s) const
{
    const QList<SettingError> errors = validate();
    if (!errors.isEmpty())
        return errors;
    s.setValue(u"feed/mode"_s, feedMode == FeedMode::Relay ? u"relay"_s : u"listener"_s);
    s.setValue(u"listener/address"_s, listenAddress);
    s.setValue(u"listener/port"_s, listenPort);
    s.setValue(u"listener/path"_s, listenPath);
    s.setValue(u"listener/tlsCert"_s, tlsCertFile);
    s.setValue(u"listener/tlsKey"_s, tlsKeyFile);
    s.setValue(u"listener/allow"_s, allowedNetworks);
    s.setValue(u"listener/trustedProxies"_s, trustedProxies);
    s.setValue(u"listener/publicUrl"_s, publicUrl);
    s.setValue(u"relay/url"_s, relayUrl);
    s.setValue(u"ncm/apiBase"_s, apiBase);
    s.setValue(u"tiles/enabled"_s, tilesEnabled);
    s.setValue(u"tiles/url"_s, tileUrlTemplate);
    s.setValue(u"tiles/attribution"_s, tileAttribution);
    s.setValue(u"sound/enabled"_s, soundEnabled);
    s.setValue(u"thresholds/rsrpPoor"_s, rsrpPoorDbm);
    s.setValue(u"thresholds/rsrpFair"_s, rsrpFairDbm);
    s.setValue(u"thresholds/sinrPoor"_s, sinrPoorDb);
    s.setValue(u"thresholds/battery"_s, batteryLowPercent);
    s.setValue(u"feed/silentSeconds"_s, silentFeedSeconds);
    s.setValue(u"operator/name"_s, operatorName.trimmed());
    s.sync();
    return {};
}

} // namespace fw::core
