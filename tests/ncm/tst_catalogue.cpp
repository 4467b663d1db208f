#include "ncm/catalogue.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fw::ncm::Catalogue;
using fw::store::Severity;

namespace {

QJsonObject builtinJson()
{
    QFile file(QString(Catalogue::BuiltinPath));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_Catalogue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtinLoads();
    void categories();
    void lookup_data();
    void lookup();
    void everyListedIdentifier_data();
    void everyListedIdentifier();
    void unknownType();
    void learn();
    void stateFromAlert_data();
    void stateFromAlert();
    void broken_data();
    void broken();
    void classify();
};

void tst_Catalogue::builtinLoads()
{
    Catalogue catalogue;
    QString error;

    QVERIFY2(catalogue.loadBuiltin(&error), qPrintable(error));
    QVERIFY(catalogue.types().size() >= 29);
    QVERIFY(catalogue.uiOnlyTypes().size() >= 20);
    QVERIFY(Catalogue::instance().contains(u"wwan_connected"_s));
    for (const auto &info : catalogue.uiOnlyTypes()) {
        QVERIFY(!info.identifierKnown);
        QVERIFY(info.type.isEmpty());
        QVERIFY(!info.title.isEmpty());
    }
}

void tst_Catalogue::categories()
{
    const QStringList expected{u"General"_s, u"Health"_s, u"Modem"_s, u"Configuration"_s, u"Security"_s,
                               u"Carrier Data"_s, u"Carrier Selection"_s, u"Ethernet"_s, u"Hardware"_s,
                               u"Battery"_s, u"LAN"_s, u"Location Services"_s, u"Cellular Access Points"_s,
                               u"Mobility Gateway"_s, u"NetCloud OS Apps"_s, u"Subscriptions"_s,
                               u"Wi-Fi as WAN"_s, u"Service Gateway"_s, u"AI Insights"_s, u"Other"_s};

    QCOMPARE(Catalogue::instance().categories(), expected);
}

void tst_Catalogue::lookup_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("category");
    QTest::addColumn<Severity>("severity");
    QTest::addColumn<QString>("title");

    QTest::newRow("ipsec down") << u"ipsec_tunnel_down"_s << u"Security"_s << Severity::Critical
                                << u"IPsec tunnel down"_s;
    QTest::newRow("wwan connected") << u"wwan_connected"_s << u"Modem"_s << Severity::Info
                                    << u"Cellular WAN connected"_s;
    QTest::newRow("data cap") << u"data_cap_threshold"_s << u"Carrier Data"_s << Severity::Warning
                              << u"Data cap threshold reached"_s;
    QTest::newRow("thermal") << u"thermal_exceeds_limit"_s << u"Hardware"_s << Severity::Critical
                             << u"Temperature exceeds limit"_s;
    QTest::newRow("unknown") << u"brand_new_thing"_s << u"Other"_s << Severity::Warning << u"brand_new_thing"_s;
}

void tst_Catalogue::lookup()
{
    QFETCH(QString, type);
    QFETCH(QString, category);
    QFETCH(Severity, severity);
    QFETCH(QString, title);

    const auto info = Catalogue::instance().lookup(type);

    QCOMPARE(info.type, type);
    QCOMPARE(info.category, category);
    QCOMPARE(info.severity, severity);
    QCOMPARE(info.title, title);
}

void tst_Catalogue::everyListedIdentifier_data()
{
    QTest::addColumn<QString>("type");
    // shared/ncm-facts.md section 3: seen, then sample-listed.
    const QStringList ids{
        u"ipsec_tunnel_down"_s, u"wwan_connected"_s, u"wwan_standby"_s, u"intel_reboot_status_change"_s,
        u"account_locked"_s, u"custom_alert"_s, u"connection_state"_s, u"cpu_utilization"_s,
        u"memory_utilization"_s, u"sustained_system_overload"_s, u"thermal_exceeds_limit"_s,
        u"reboot_status_change"_s, u"data_cap_threshold"_s, u"ethernet_wan_connected"_s,
        u"ethernet_wan_disconnected"_s, u"ethernet_wan_plugged"_s, u"ethernet_wan_standby"_s,
        u"ipsec_tunnel_up"_s, u"login_success"_s, u"modem_wan_connected"_s, u"modem_wan_disconnected"_s,
        u"modem_wan_plugged"_s, u"modem_wan_unplugged"_s, u"wwan_disconnected"_s, u"wwan_network_available"_s,
        u"wwan_network_unavailable"_s, u"sim_door_event"_s, u"wan_service_type"_s,
        u"wifi_client_state_change"_s};
    for (const QString &id : ids)
        QTest::newRow(qPrintable(id)) << id;
}

void tst_Catalogue::everyListedIdentifier()
{
    QFETCH(QString, type);

    const auto info = Catalogue::instance().lookup(type);

    QVERIFY(info.isKnown());
    QVERIFY(info.category != u"Other"_s);
    QVERIFY(info.title != type);
}

void tst_Catalogue::unknownType()
{
    const auto info = Catalogue::instance().lookup(u"quantum_flux"_s);

    QVERIFY(!info.isKnown());
    QCOMPARE(info.evidence, fw::ncm::Evidence::Unknown);
    QCOMPARE(info.category, u"Other"_s);
    QCOMPARE(info.severity, Catalogue::instance().unknownSeverity());
}

void tst_Catalogue::learn()
{
    Catalogue catalogue;
    QVERIFY(catalogue.loadBuiltin());

    QVERIFY(catalogue.learn(u"geofence_change"_s, u"Location Services"_s, Severity::Info, u"Geofence"_s));
    QVERIFY(!catalogue.learn(u"geofence_change"_s));
    QVERIFY(!catalogue.learn(u"wwan_connected"_s));
    QVERIFY(catalogue.learn(u"odd_one"_s, u"No Such Category"_s));

    const auto learnt = catalogue.lookup(u"geofence_change"_s);
    QCOMPARE(learnt.evidence, fw::ncm::Evidence::Learnt);
    QCOMPARE(learnt.category, u"Location Services"_s);
    QCOMPARE(learnt.title, u"Geofence"_s);
    QCOMPARE(catalogue.lookup(u"odd_one"_s).category, u"Other"_s);
    QCOMPARE(catalogue.learntTypes(), (QStringList{u"geofence_change"_s, u"odd_one"_s}));
    QVERIFY(!Catalogue::instance().contains(u"geofence_change"_s));
}

void tst_Catalogue::stateFromAlert_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonValue>("info");
    QTest::addColumn<QString>("state");

    QTest::newRow("connection offline") << u"connection_state"_s
                                        << QJsonValue(QJsonObject{{u"state"_s, u"offline"_s}}) << u"offline"_s;
    QTest::newRow("connection online upper") << u"connection_state"_s
                                             << QJsonValue(QJsonObject{{u"state"_s, u"Online"_s}}) << u"online"_s;
    QTest::newRow("connection garbage") << u"connection_state"_s
                                        << QJsonValue(QJsonObject{{u"state"_s, u"sideways"_s}}) << QString();
    QTest::newRow("connection text info") << u"connection_state"_s << QJsonValue(u"offline"_s) << QString();
    QTest::newRow("wwan does not change state") << u"wwan_disconnected"_s << QJsonValue() << QString();
    QTest::newRow("unknown type") << u"x"_s << QJsonValue() << QString();
}

void tst_Catalogue::stateFromAlert()
{
    QFETCH(QString, type);
    QFETCH(QJsonValue, info);
    QFETCH(QString, state);
    fw::ncm::Alert alert;
    alert.type = type;
    alert.info = info;

    QCOMPARE(Catalogue::instance().stateFromAlert(alert), state);
}

void tst_Catalogue::broken_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("needle");

    const QJsonObject good = builtinJson();
    QVERIFY(!good.isEmpty());
    const auto withType = [&good](int index, const QString &key, const QJsonValue &value) {
        QJsonObject copy = good;
        QJsonArray types = copy.value(u"types"_s).toArray();
        QJsonObject entry = types.at(index).toObject();
        entry.insert(key, value);
        types.replace(index, entry);
        copy.insert(u"types"_s, types);
        return toJson(copy);
    };
    QJsonObject noOther = good;
    QJsonArray categories = noOther.value(u"categories"_s).toArray();
    categories.removeLast();
    noOther.insert(u"categories"_s, categories);
    QJsonObject twice = good;
    QJsonArray types = twice.value(u"types"_s).toArray();
    types.append(types.first());
    twice.insert(u"types"_s, types);
    QJsonObject badFormat = good;
    badFormat.insert(u"format"_s, 99);

    QTest::newRow("not json") << QByteArray("{") << u"not a JSON object"_s;
    QTest::newRow("array") << QByteArray("[]") << u"not a JSON object"_s;
    QTest::newRow("format") << toJson(badFormat) << u"format"_s;
    QTest::newRow("no types") << QByteArray(R"({"format": 1, "categories": ["Other"]})") << u"arrays"_s;
    QTest::newRow("no Other") << toJson(noOther) << u"Other"_s;
    QTest::newRow("duplicate id") << toJson(twice) << u"twice"_s;
    QTest::newRow("bad category") << withType(0, u"category"_s, u"Nope"_s) << u"unknown category"_s;
    QTest::newRow("bad severity") << withType(0, u"severity"_s, u"dire"_s) << u"severity"_s;
    QTest::newRow("empty title") << withType(0, u"title"_s, u" "_s) << u"title"_s;
    QTest::newRow("id missing") << withType(0, u"id"_s, QJsonValue()) << u"\"id\""_s;
    QTest::newRow("bad state effect") << withType(0, u"state_effect"_s, u"sideways"_s) << u"state_effect"_s;
    QTest::newRow("from_info without key")
        << withType(0, u"state_effect"_s, u"from_info"_s) << u"state_info_key"_s;
}

void tst_Catalogue::broken()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, needle);
    Catalogue catalogue;
    QVERIFY(catalogue.loadBuiltin());
    QString error;

    QVERIFY(!catalogue.load(json, &error));

    QVERIFY2(error.contains(needle), qPrintable(error));
    QVERIFY(catalogue.contains(u"wwan_connected"_s)); // the previous catalogue stays
}

void tst_Catalogue::classify()
{
    fw::store::Event event;
    event.alert.type = u"sim_door_event"_s;

    Catalogue::instance().classify(event);

    QCOMPARE(event.category, u"Hardware"_s);
    QCOMPARE(event.severity, Severity::Warning);
    QCOMPARE(event.title, u"SIM door opened or closed"_s);
}

QTEST_GUILESS_MAIN(tst_Catalogue)
#include "tst_catalogue.moc"
