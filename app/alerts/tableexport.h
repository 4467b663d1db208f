#pragma once

#include <QString>

class QAbstractItemModel;
class QIODevice;

namespace fw::alerts {

// Writes a table model (typically a filtered proxy) row by row as it is shown. Cells are read
// with Qt::EditRole, where the models put machine-readable values (ISO-8601 times, raw ids).
namespace TableExport {

// RFC 4180: comma separated, CRLF line ends, a field quoted when it holds a comma, a quote,
// CR or LF, quotes doubled. The first line holds the headers.
bool writeCsv(const QAbstractItemModel &model, QIODevice &out, QString *error = nullptr);

// An array of objects keyed by the header names.
bool writeJson(const QAbstractItemModel &model, QIODevice &out, QString *error = nullptr);

QString csvField(const QString &value);

} // namespace TableExport

} // namespace fw::alerts
