// Fills the views with a few hundred fake routers and events and saves screenshots of the
// alert list, the tiles and the router detail: views_screenshots OUTPUT_DIR
#include "alerts/acknowledgementstore.h"
#include "alerts/alarmpolicy.h"
#include "alerts/alertlistview.h"
#include "alerts/alertmodel.h"
#include "common/theme.h"
#include "core/feedmonitor.h"
#include "detail/routerdetailwidget.h"
#include "main/mainwindow.h"
#include "tiles/tileview.h"

#include "fakeevents.h"
#include "fakefleetmodel.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <cmath>

using namespace fw;

namespace {

QList<store::Event> makeEvents(const QDateTime &now)
{
    struct Kind { const char *type, *title, *category, *message; store::Severity severity; };
    static const Kind kinds[] = {
        {"wwan_disconnected", "Cellular WAN disconnected", "Modem", "Modem 1 lost its carrier connection", store::Severity::Critical},
        {"ipsec_tunnel_down", "IPsec tunnel down", "Security", "Tunnel to HQ-VPN is down", store::Severity::Critical},
        {"wwan_connected", "Cellular WAN connected", "Modem", "Modem 1 connected on LTE band 13", store::Severity::Info},
        {"cpu_utilization", "CPU utilisation high", "Health", "CPU above 90% for 5 minutes", store::Severity::Warning},
        {"data_cap_threshold", "Data cap threshold reached", "Carrier Data", "80% of the monthly plan used", store::Severity::Warning},
        {"thermal_exceeds_limit", "Temperature above limit", "Hardware", "Internal temperature 78 °C", store::Severity::Critical},
    };
    QList<store::Event> events;
    for (int i = 0; i < 400; ++i) {
        const Kind &kind = kinds[(i * 7) % 6];
        const QString router = QString::number(1000 + (i * 37) % 300);
        store::Event event = testing::makeEvent(i + 1, router, QString::fromLatin1(kind.type), kind.severity,
                                                now.addSecs(-(400 - i) * 211), QString::fromLatin1(kind.category),
                                                QString::fromUtf8(kind.message));
        event.title = QString::fromUtf8(kind.title);
        event.alert.routerDetails.name = QStringLiteral("%1-%2").arg(QStringList{QStringLiteral("AMB"), QStringLiteral("BRA"), QStringLiteral("KIO")}
                                                                          .at(router.toInt() % 3))
                                             .arg(router.toInt() - 1000, 5, 10, QLatin1Char('0'));
        events.append(event);
    }
    return events;
}

history::RouterHistory makeHistory(const QString &router, const QDateTime &now)
{
    history::RouterHistory h;
    h.routerId = router;
    const qint64 end = now.toMSecsSinceEpoch();
    for (int i = 0; i < 24 * 60; ++i) { // one sample a minute for a day
        const qint64 at = end - (24 * 60 - i) * 60'000LL;
        const double drift = 12 * std::sin(i / 180.0) + 4 * std::sin(i / 7.0);
        const double dip = (i > 900 && i < 960) ? -25 : 0;
        h.signal.append({at, -96 + drift + dip, -11 + drift / 4, 11 + drift / 1.5 + dip / 2});
        if (i % 5 == 0)
            h.battery.append({at, std::max(5.0, 100.0 - i * 0.055 + (i > 1100 ? (i - 1100) * 0.2 : 0))});
    }
    h.states = {{end - 9 * 3600'000LL, QStringLiteral("online"), QStringLiteral("Cellular WAN connected")},
                {end - 8 * 3600'000LL, QStringLiteral("offline"), QStringLiteral("Cellular WAN disconnected")},
                {end - 7 * 3600'000LL, QStringLiteral("online"), QStringLiteral("Cellular WAN connected")}};
    return h;
}

bool save(QWidget *widget, const QString &path)
{
    const bool ok = widget->grab().save(path);
    QTextStream(stdout) << (ok ? "wrote " : "FAILED ") << path << '\n';
    return ok;
}

void settle(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    ui::Theme::apply(app, ui::ThemeKind::Dark);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs/screenshots");
    QDir().mkpath(out);
    const QDateTime now = QDateTime::currentDateTimeUtc();

    QTemporaryDir dir;
    alerts::AcknowledgementStore acks;
    acks.open(dir.filePath(QStringLiteral("events.sqlite")));
    acks.setOperatorName(QStringLiteral("noc-alice"));
    alerts::AlarmPolicy alarm;
    ui::AlertModel alertModel(&acks);
    const QList<store::Event> events = makeEvents(now);
    alertModel.setInitialEvents(events);
    acks.acknowledge(events.at(396), QStringLiteral("Carrier ticket 4711"));
    acks.snooze(events.at(395), now.addSecs(4 * 3600), QStringLiteral("Maintenance window"));
    acks.acknowledgeUntilClear(events.at(391), QStringLiteral("Known outage in the area"));

    testing::FakeFleetModel fleet;
    fleet.setRouters(testing::makeRouters(300, now));
    history::MemoryHistorySource source;
    source.setHistory(makeHistory(QStringLiteral("1003"), now));

    core::FeedMonitor feed;
    ui::MainWindow window(&feed);
    auto *tiles = new ui::TileView(&fleet, testing::FakeFleetModel::roles(), &acks);
    auto *alertList = new ui::AlertListView(&alertModel, &acks, &alarm);
    auto *detail = new ui::RouterDetailWidget(&source, &alertModel);
    window.setDockContent(ui::MainWindow::Dock::Tiles, tiles);
    window.setDockContent(ui::MainWindow::Dock::Alerts, alertList);
    window.setDockContent(ui::MainWindow::Dock::Detail, detail);
    window.resize(1920, 1080);
    window.show();

    ui::RouterIdentity identity;
    identity.id = QStringLiteral("1003");
    identity.name = QStringLiteral("AMB-00003");
    identity.product = QStringLiteral("IBR1700-600M");
    identity.serialNumber = QStringLiteral("WA1234567890");
    identity.mac = QStringLiteral("00:30:44:12:34:56");
    identity.state = QStringLiteral("online");
    identity.carrier = QStringLiteral("Verizon");
    identity.group = QStringLiteral("Ambulances");
    detail->setRouter(identity);
    settle(1500);

    bool ok = save(&window, out + QStringLiteral("/window.png"));
    tiles->resize(1100, 800);
    alertList->resize(1300, 700);
    detail->resize(1500, 800);
    settle(800);
    ok = save(tiles, out + QStringLiteral("/tiles.png"));
    ok = save(alertList, out + QStringLiteral("/alerts.png")) && ok;
    ok = save(detail, out + QStringLiteral("/detail.png")) && ok;
    return ok ? 0 : 1;
}
