#include "sandbox/citytable.h"
#include "sandbox/fleet.h"
#include "sandbox/sandbox.h"
#include "sandboxtesthelpers.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::sandbox;

class tst_Fleet : public QObject
{
    Q_OBJECT

private:
    static QByteArray snapshot(Sandbox &sandbox)
    {
        QByteArray out;
        for (const char *target : {"/api/v2/routers/?limit=500", "/api/v2/locations/?limit=500",
                                         "/api/v2/net_device_metrics/?limit=500", "/api/v2/alerts/?limit=500"})
            out += sandbox.api().handle(test::request("GET", target)).body;
        return out;
    }

private Q_SLOTS:
    void citiesAreCompiledIn()
    {
        const QList<City> &cities = CityTable::cities();
        QVERIFY(cities.size() > 1000);
        QVERIFY(std::all_of(cities.cbegin(), cities.cend(), [](const City &c) {
            return std::abs(c.latitude) <= 90 && std::abs(c.longitude) <= 180 && !c.name.isEmpty();
        }));
    }

    void sameSeedSameFleetAndEvents()
    {
        Sandbox first(test::testOptions(120, 42));
        Sandbox second(test::testOptions(120, 42));
        first.advance(6LL * 3600 * 1000000);
        second.advance(6LL * 3600 * 1000000);
        QVERIFY(!first.engine().alerts().empty());
        QCOMPARE(snapshot(first), snapshot(second));
    }

    void otherSeedOtherFleet()
    {
        Sandbox first(test::testOptions(120, 42));
        Sandbox second(test::testOptions(120, 43));
        QVERIFY(snapshot(first) != snapshot(second));
    }

    void signalsStayInRangeAndBatteriesOnlyWhereModelsHaveThem()
    {
        Fleet fleet({300, 5, test::testStart(), 300});
        for (int i = 0; i < 24 * 12; ++i)
            fleet.step();
        for (const Modem &modem : fleet.modems()) {
            QVERIFY(modem.rsrp >= -140 && modem.rsrp <= -44);
            QVERIFY(modem.sinr >= -20 && modem.sinr <= 30);
            QVERIFY(modem.rsrq >= -20 && modem.rsrq <= -3);
        }
        int withBattery = 0;
        for (const Router &router : fleet.routers()) {
            QCOMPARE(router.battery >= 0, fleet.productOf(router).battery);
            withBattery += router.battery >= 0;
            QVERIFY(std::abs(router.lat) <= 90 && std::abs(router.lon) <= 180);
        }
        QVERIFY(withBattery > 0);
        QVERIFY(withBattery < int(fleet.routers().size()));
    }

    void aDayBringsEveryKindOfEvent()
    {
        Fleet fleet({1000, 11, test::testStart(), 300});
        QSet<QString> types;
        for (int i = 0; i < 2 * 24 * 12; ++i) {
            const QList<SimEvent> events = fleet.step();
            for (const SimEvent &event : events)
                types.insert(event.type);
        }
        for (const QString &type : {u"connection_state"_s, u"wwan_disconnected"_s, u"wwan_connected"_s,
                                    u"configuration_change"_s, u"login_success"_s,
                                    u"backup_power_engaged"_s, u"wan_service_type"_s})
            QVERIFY2(types.contains(type), qPrintable(type));
    }

    void vehiclesMove()
    {
        Fleet fleet({200, 3, test::testStart(), 300});
        std::vector<std::pair<double, double>> before;
        for (const Router &router : fleet.routers())
            before.emplace_back(router.lat, router.lon);
        for (int i = 0; i < 12; ++i)
            fleet.step();
        int moved = 0;
        for (size_t i = 0; i < fleet.routers().size(); ++i) {
            const Router &router = fleet.routers()[i];
            const bool changed = before[i] != std::pair{router.lat, router.lon};
            if (!fleet.productOf(router).mobile)
                QVERIFY(!changed);
            moved += changed;
        }
        QVERIFY(moved > 0);
    }
};

QTEST_GUILESS_MAIN(tst_Fleet)
#include "tst_fleet.moc"
