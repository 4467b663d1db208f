#include "api/fleetstatesink.h"
#include "fleet/fleetstate.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::api;

class tst_FleetStateSink final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deliversIntoFleetState();
};

void tst_FleetStateSink::deliversIntoFleetState()
{
    fw::fleet::FleetState state;
    FleetStateSink sink(&state);

    RouterInfo router;
    router.id = u"1"_s;
    router.name = u"bus-1"_s;
    router.groupName = u"Buses"_s;
    router.state = u"online"_s;
    router.stateUpdatedAt = QDateTime(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC);
    sink.applyRouters({router});
    sink.applyGroups({GroupInfo{u"12"_s, u"Buses"_s, u"7"_s, {}}});

    Location location;
    location.routerId = u"1"_s;
    location.latitude = 52.5;
    location.longitude = 13.4;
    location.accuracyMeters = 12;
    location.updatedAt = router.stateUpdatedAt;
    sink.applyLocations({location});

    ModemInfo first;
    first.id = u"m1"_s;
    first.routerId = u"1"_s;
    ModemInfo second = first;
    second.id = u"m2"_s;
    sink.applyModems({first, second});
    SignalSample weak;
    weak.modemId = u"m1"_s;
    weak.signalPercent = 30;
    SignalSample strong = weak;
    strong.modemId = u"m2"_s;
    strong.signalPercent = 80;
    SignalSample orphan = weak;
    orphan.modemId = u"unknown"_s;
    sink.applySignals({weak, strong, orphan});

    BatteryInfo battery;
    battery.routerId = u"1"_s;
    battery.chargePercent = 64.6;
    sink.applyBatteries({battery});

    const fw::fleet::Router *known = state.router(u"1"_s);
    QVERIFY(known);
    QCOMPARE(known->name, u"bus-1"_s);
    QCOMPARE(known->groupName, u"Buses"_s);
    QCOMPARE(known->state, fw::fleet::OnlineState::Online);
    QCOMPARE(known->position.latitude(), 52.5);
    QCOMPARE(known->positionAccuracyM, 12.0);
    QCOMPARE(known->signalPercent, 80); // the better of two modems
    QCOMPARE(known->batteryPercent, 64);
    QCOMPARE(sink.groups().size(), 1);

    RouterStateChange change{u"1"_s, u"offline"_s, router.stateUpdatedAt.addSecs(60), {}};
    sink.applyRouterStates({change});
    QCOMPARE(state.router(u"1"_s)->state, fw::fleet::OnlineState::Offline);
    QCOMPARE(state.router(u"1"_s)->name, u"bus-1"_s); // a state change blanks nothing
    QCOMPARE(state.count(), 1);
}

QTEST_GUILESS_MAIN(tst_FleetStateSink)
#include "tst_fleetstatesink.moc"
