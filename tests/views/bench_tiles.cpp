#include "tiles/tiledelegate.h"
#include "tiles/tileview.h"

#include "fakefleetmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QPainter>
#include <QTextStream>

#include <algorithm>

// One paint of a full 1920x1080 viewport of tiles while the model holds 100,000 routers.
int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    fw::testing::FakeFleetModel model;
    model.setRouters(fw::testing::makeRouters(100'000, QDateTime::currentDateTimeUtc()));
    fw::ui::TileView view(&model, fw::testing::FakeFleetModel::roles());
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
    QTextStream(stdout) << "tiles in the viewport: " << view.listView()->indexAt(lastVisible).row() + 1
                        << ", layout of 100,000 items: " << layout.elapsed() << " ms"
                        << "\nfigure: tiles_paint_ms_100k = " << QString::number(times.at(times.size() / 2), 'f', 2) << " ms\n";
    return 0;
}
