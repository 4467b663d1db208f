#include "history/downsampler.h"

#include <algorithm>
#include <cmath>
#include <array>

namespace fw::history::Downsampler {

namespace {

QList<QPointF> inRange(const QList<QPointF> &points, double xMin, double xMax)
{
    QList<QPointF> result;
    for (const QPointF &point : points) {
        if (point.x() >= xMin && point.x() <= xMax && !std::isnan(point.y()))
            result.append(point);
    }
    return result;
}

// Appends first, min, max and last of points[begin, end) in x order, without repeats.
void appendBucket(const QList<QPointF> &points, qsizetype begin, qsizetype end, QList<QPointF> &out)
{
    qsizetype low = begin;
    qsizetype high = begin;
    for (qsizetype i = begin + 1; i < end; ++i) {
        if (points[i].y() < points[low].y())
            low = i;
        if (points[i].y() > points[high].y())
            high = i;
    }
    std::array<qsizetype, 4> picks{begin, low, high, end - 1};
    std::sort(picks.begin(), picks.end());
    qsizetype previous = -1;
    for (qsizetype pick : picks) {
        if (pick != previous)
            out.append(points[pick]);
        previous = pick;
    }
}

} // namespace

QList<QPointF> minMax(const QList<QPointF> &points, double xMin, double xMax, int columns)
{
    const QList<QPointF> visible = inRange(points, xMin, xMax);
    columns = std::max(1, columns);
    if (visible.size() <= qsizetype(columns) * 4 || xMax <= xMin)
        return visible;

    QList<QPointF> out;
    out.reserve(qsizetype(columns) * 4);
    const double width = (xMax - xMin) / columns;
    qsizetype begin = 0;
    while (begin < visible.size()) {
        const int column = std::min(columns - 1, int((visible[begin].x() - xMin) / width));
        const double columnEnd = xMin + (column + 1) * width;
        qsizetype end = begin + 1;
        while (end < visible.size() && (visible[end].x() < columnEnd || column == columns - 1))
            ++end;
        appendBucket(visible, begin, end, out);
        begin = end;
    }
    return out;
}

} // namespace fw::history::Downsampler
