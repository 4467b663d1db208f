#include "core/appsettings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using fw::core::AppSettings;

using Mutator = std::function<void(AppSettings &)>;
Q_DECLARE_METATYPE(Mutator)

class tst_AppSettings : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString iniPath(const QString &name) const { return m_dir.filePath(name + QStringLiteral(".ini")); }

private Q_SLOTS:
    void defaultsAreValid()
    {
        QVERIFY(AppSettings().validate().isEmpty());
    }

    void invalidValues_data()
    {
        QTest::addColumn<Mutator>("mutate");
        QTest::addColumn<QString>("key");
        QTest::newRow("address not an IP") << Mutator([](AppSettings &s) { s.listenAddress = QStringLiteral("localhost"); }) << QStringLiteral("listener/address");
        QTest::newRow("port zero") << Mutator([](AppSettings &s) { s.listenPort = 0; }) << QStringLiteral("listener/port");
        QTest::newRow("port too high") << Mutator([](AppSettings &s) { s.listenPort = 70000; }) << QStringLiteral("listener/port");
        QTest::newRow("path without slash") << Mutator([](AppSettings &s) { s.listenPath = QStringLiteral("webhook"); }) << QStringLiteral("listener/path");
        QTest::newRow("path with query") << Mutator([](AppSettings &s) { s.listenPath = QStringLiteral("/hook?x=1"); }) << QStringLiteral("listener/path");
        QTest::newRow("cert without key") << Mutator([](AppSettings &s) { s.tlsCertFile = QStringLiteral("/etc/hostname"); }) << QStringLiteral("listener/tlsKey");
        QTest::newRow("unreadable cert") << Mutator([](AppSettings &s) { s.tlsCertFile = QStringLiteral("/nonexistent.pem"); s.tlsKeyFile = QStringLiteral("/etc/hostname"); }) << QStringLiteral("listener/tlsCert");
        QTest::newRow("bad CIDR") << Mutator([](AppSettings &s) { s.allowedNetworks = {QStringLiteral("10.0.0.0/8"), QStringLiteral("10.0.0.0/99")}; }) << QStringLiteral("listener/allow");
        QTest::newRow("bad proxy") << Mutator([](AppSettings &s) { s.trustedProxies = {QStringLiteral("proxy.local")}; }) << QStringLiteral("listener/trustedProxies");
        QTest::newRow("public URL ftp") << Mutator([](AppSettings &s) { s.publicUrl = QUrl(QStringLiteral("ftp://x/")); }) << QStringLiteral("listener/publicUrl");
        QTest::newRow("relay URL http") << Mutator([](AppSettings &s) { s.feedMode = AppSettings::FeedMode::Relay; s.relayUrl = QUrl(QStringLiteral("http://relay/")); }) << QStringLiteral("relay/url");
        QTest::newRow("api base empty") << Mutator([](AppSettings &s) { s.apiBase = QUrl(); }) << QStringLiteral("ncm/apiBase");
        QTest::newRow("tile URL without z") << Mutator([](AppSettings &s) { s.tilesEnabled = true; s.tileUrlTemplate = QStringLiteral("https://t/{x}/{y}.png"); }) << QStringLiteral("tiles/url");
        QTest::newRow("tiles without attribution") << Mutator([](AppSettings &s) { s.tilesEnabled = true; s.tileAttribution = QStringLiteral(" "); }) << QStringLiteral("tiles/attribution");
        QTest::newRow("rsrp order") << Mutator([](AppSettings &s) { s.rsrpPoorDbm = -90; s.rsrpFairDbm = -100; }) << QStringLiteral("thresholds/rsrp");
        QTest::newRow("rsrp range") << Mutator([](AppSettings &s) { s.rsrpPoorDbm = -200; }) << QStringLiteral("thresholds/rsrp");
        QTest::newRow("battery 100") << Mutator([](AppSettings &s) { s.batteryLowPercent = 100; }) << QStringLiteral("thresholds/battery");
        QTest::newRow("silent 5 s") << Mutator([](AppSettings &s) { s.silentFeedSeconds = 5; }) << QStringLiteral("feed/silentSeconds");
        QTest::newRow("operator name too long") << Mutator([](AppSettings &s) { s.operatorName = QString(81, QLatin1Char('a')); }) << QStringLiteral("operator/name");
    }

    void invalidValues()
    {
        QFETCH(Mutator, mutate);
        QFETCH(QString, key);
        AppSettings settings;
        mutate(settings);
        const QList<fw::core::SettingError> errors = settings.validate();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().key, key);
        QVERIFY(!errors.first().message.isEmpty());
    }

    void invalidSettingsAreNotSaved()
    {
        QSettings store(iniPath(QStringLiteral("nosave")), QSettings::IniFormat);
        AppSettings settings;
        settings.listenPort = 0;
        QVERIFY(!settings.save(store).isEmpty());
        QVERIFY(store.allKeys().isEmpty());
    }

    void roundTrip()
    {
        QSettings store(iniPath(QStringLiteral("roundtrip")), QSettings::IniFormat);
        AppSettings settings;
        settings.feedMode = AppSettings::FeedMode::Relay;
        settings.relayUrl = QUrl(QStringLiteral("wss://relay.example.org:9443/stream"));
        settings.listenPort = 9000;
        settings.allowedNetworks = {QStringLiteral("192.0.2.0/24"), QStringLiteral("2001:db8::/32")};
        settings.operatorName = QStringLiteral("Dana");
        settings.silentFeedSeconds = 120;
        QVERIFY(settings.save(store).isEmpty());
        QList<fw::core::SettingError> problems;
        QCOMPARE(AppSettings::load(store, &problems), settings);
        QVERIFY(problems.isEmpty());
    }

    void damagedFileFallsBackToDefaults()
    {
        QSettings store(iniPath(QStringLiteral("damaged")), QSettings::IniFormat);
        store.setValue(QStringLiteral("listener/port"), QStringLiteral("eighty"));
        store.setValue(QStringLiteral("thresholds/battery"), 500);
        store.setValue(QStringLiteral("operator/name"), QStringLiteral("Sam"));
        QList<fw::core::SettingError> problems;
        const AppSettings loaded = AppSettings::load(store, &problems);
        QCOMPARE(problems.size(), 2);
        QCOMPARE(loaded.listenPort, AppSettings().listenPort);
        QCOMPARE(loaded.batteryLowPercent, AppSettings().batteryLowPercent);
        QCOMPARE(loaded.operatorName, QStringLiteral("Sam"));
        QVERIFY(loaded.validate().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_AppSettings)
#include "tst_appsettings.moc"
