#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

class QSettings;

namespace fw::core {

// One problem with one setting, for the settings dialog to mark the field.
struct SettingError
{
    QString key;     // the QSettings key, e.g. "listener/port"
    QString message; // one sentence for the operator
};

// Everything the operator configures, except secrets: API keys, the webhook secret and the
// relay token live in the system keychain (see fw::api::SecretStore), never here.
struct AppSettings
{
    enum class FeedMode { Listener, Relay };

    FeedMode feedMode = FeedMode::Listener;

    QString listenAddress = QStringLiteral("127.0.0.1");
    int listenPort = 8443;
    QString listenPath = QStringLiteral("/webhook");
    QString tlsCertFile;
    QString tlsKeyFile;
    QStringList allowedNetworks;   // CIDR, empty = everyone
    QStringList trustedProxies;    // addresses whose X-Forwarded-For is believed
    QUrl publicUrl;                // where NCM reaches the listener (proxy or relay in front)

    QUrl relayUrl;                 // ws:// or wss://

    QUrl apiBase = QUrl(QStringLiteral("https://www.cradlepointecm.com/api/v2/"));

    bool tilesEnabled = false;
    QString tileUrlTemplate = QStringLiteral("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    QString tileAttribution = QStringLiteral("© OpenStreetMap contributors");

    bool soundEnabled = true;
    int rsrpPoorDbm = -110;        // at or below: poor
    int rsrpFairDbm = -100;        // at or below: fair, above: good
    int sinrPoorDb = 0;
    int batteryLowPercent = 20;
    int silentFeedSeconds = 900;
    QString operatorName;

    // Every problem, empty when the settings can be saved.
    QList<SettingError> validate() const;

    // Reads what is stored; a stored value that is invalid falls back to its default and is
    // reported in *problems, so a damaged file never stops the program.
    static AppSettings load(QSettings &settings, QList<SettingError> *problems = nullptr);
    // Writes only valid settings: returns the errors and writes nothing when there are any.
    QList<SettingError> save(QSettings &settings) const;

    bool operator==(const AppSettings &) const = default;
};

// "10.0.0.0/8" or "2001:db8::/32" or a single address; false with a reason otherwise.
bool parseNetwork(const QString &text, std::pair<QHostAddress, int> *network, QString *error = nullptr);

} // namespace fw::core
