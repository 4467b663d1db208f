#include "fleet/fleetmodel.h"
#include "fleet/fleetstate.h"
#include "tiles/tiledelegate.h"
#include "tiles/tileview.h"

#include "fakeevents.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QPainter>
#include <QTextStream>

#include <algorithm>

using namespace fw;

namespace {

// 100,000 routers in the real fleet state: identity, radio, battery and a last event each.
void fill(fleet::FleetState &state, int count, const QDateTime &now)
{
    const QStringList groups{QStringLiteral("Ambulances"), QStringLiteral("Branches"), QStringLiteral("Kiosks")};
    const QStringList carriers{QStringLiteral("Verizon"), QStringLiteral("AT&T"), QStringLiteral("T-Mobile")};
    QList<fleet::RouterInfo> infos;
    QList<store::Event> events;
    for (int i = 0; i < count; ++i) {
        fleet::RouterInfo info;
        info.id = QString::number(100'000 + i);
        info.name = QStringLiteral("RTR-%1").arg(i, 6, 10, QLatin1Char('0'));
        info.groupName = groups.at(i % 3);
        info.state = i % 7 == 3 ? fleet::OnlineState::Offline : fleet::OnlineState::Online;
        infos.append(info);
        events.append(testing::makeEvent(i + 1, info.id, QStringLiteral("wwan_disconnected"),
                                         i % 2 ? store::Severity::Warning : store::Severity::Critical, now.addSecs(-i)));
    }
    state.upsertRouters(infos);
    state.applyEvents(events);
    for (int i = 0; i < count; ++i) {
        const QString id = QString::number(100'000 + i);
        state.setRadio(id, -70 - i % 50, 20 - i % 25, carriers.at(i % 3), QStringLiteral("LTE B%1").arg(2 + i % 12));
        if (i % 4 == 0)
            state.setBattery(id, i % 101);
    }
}

} // namespace

// One paint of a full 1920x1080 viewport of tiles while the fleet model holds 100,000 routers.
int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    fleet::FleetState state;
    fill(state, 100'000, QDateTime::currentDateTimeUtc());
    fleet::FleetModel model(&state);
    model.flush();
    ui::TileView view(&model, ui::TileRoles::forFleetModel());
    view.resize(1920, 1080);
    view.show();
    QWidget *viewport = view.listView()->viewport();
    QImage image(viewport->size(), QImage::Format_ARGB32_Premultiplied);

    // The batched layout runs from the event loop: let it finish before measuring paints.
    const QPoint lastVisible(viewport->width() - 160, viewport->height() - 70);
    QElapsedTimer layout;
    layout.start();
    while (!view.listView()->indexAt(lastVisible).isValid() && layout.elapsed() < 60'000)
        QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    viewport->render(&image);

    QList<double> times;
    for (int i = 0; i < 15; ++i) {
        QElapsedTimer timer;
        timer.start();
        viewport->render(&image);
        times.append(timer.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    QTextStream(stdout) << "routers: " << model.rowCount() << ", tiles in the viewport: "
                        << view.listView()->indexAt(lastVisible).row() + 1 << ", layout: " << layout.elapsed() << " ms"
                        << "\nfigure: tiles_paint_ms_100k = " << QString::number(times.at(times.size() / 2), 'f', 2) << " ms\n";
    return 0;
}
