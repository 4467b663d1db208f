#pragma once

#include <QList>
#include <QPointF>

namespace fw::history {

// Reduces a time series to what a chart of a given width can show. Qt Charts 6.4 draws and
// replaces linearly but appends quadratically (shared/qt64-notes.md), so every series is
// reduced to about one bucket per pixel column and handed over with replace().
namespace Downsampler {

// Points must be sorted by x. Keeps the points in [xMin, xMax]; for each of `columns` equal
// buckets keeps its first, lowest, highest and last point (in x order, without repeats), so
// every extreme survives and the result holds at most 4 * columns points. NaN y values are
// dropped. Input that already fits is returned as is (filtered to the range).
QList<QPointF> minMax(const QList<QPointF> &points, double xMin, double xMax, int columns);

} // namespace Downsampler

} // namespace fw::history
