#include "history/downsampler.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>

using namespace fw::history;

class tst_Downsampler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsExtremesAndBoundsTheSize_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("columns");
        QTest::newRow("10k points, 800 px") << 10'000 << 800;
        QTest::newRow("100k points, 1920 px") << 100'000 << 1920;
        QTest::newRow("5k points, 1 px") << 5'000 << 1;
    }

    void keepsExtremesAndBoundsTheSize()
    {
        QFETCH(int, count);
        QFETCH(int, columns);
        QRandomGenerator random(7);
        QList<QPointF> points;
        for (int i = 0; i < count; ++i)
            points.append({double(i), -100 + random.bounded(30.0)});
        points[count / 3].setY(-140); // a short dip a chart must show
        points[count / 2].setY(-40);

        const QList<QPointF> out = Downsampler::minMax(points, 0, count - 1, columns);
        QVERIFY(out.size() <= columns * 4);
        QVERIFY(out.size() >= std::min(count, columns));
        QVERIFY(out.contains(points[count / 3]));
        QVERIFY(out.contains(points[count / 2]));
        QCOMPARE(out.first(), points.first());
        QCOMPARE(out.last(), points.last());
        QVERIFY(std::is_sorted(out.cbegin(), out.cend(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
    }

    void smallInputIsKeptAndRangeFiltered()
    {
        const QList<QPointF> points{{0, 1}, {1, std::nan("")}, {2, 3}, {3, 4}, {9, 5}};
        const QList<QPointF> out = Downsampler::minMax(points, 0, 3, 100);
        QCOMPARE(out, (QList<QPointF>{{0, 1}, {2, 3}, {3, 4}}));
    }

    void emptyAndDegenerateInputs()
    {
        QVERIFY(Downsampler::minMax({}, 0, 10, 100).isEmpty());
        QList<QPointF> points;
        for (int i = 0; i < 1000; ++i)
            points.append({5.0, double(i)});
        QVERIFY(Downsampler::minMax(points, 5, 5, 10).size() == 1000); // zero-width range: as is
        QVERIFY(Downsampler::minMax(points, 0, 10, 10).size() <= 40);
    }
};

QTEST_GUILESS_MAIN(tst_Downsampler)
#include "tst_downsampler.moc"
