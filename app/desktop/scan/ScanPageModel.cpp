// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ScanPageModel.h"

#include <QDataStream>
#include <QIODevice>
#include <QMimeData>
#include <QPixmap>

namespace dms {

namespace {

const QString kRowsMimeType = QStringLiteral("application/x-delovod-scan-rows");

} // namespace

ScanPageModel::ScanPageModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

ScanPageModel::~ScanPageModel() = default;

int ScanPageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_pages.size());
}

QVariant ScanPageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Page &page = m_pages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        // The sheet's number in scan order: it stays with the page when pages move.
        return page.state == PageState::Failed ? tr("Sheet %1 (failed)").arg(page.sessionIndex + 1)
                                               : tr("Sheet %1").arg(page.sessionIndex + 1);
    case Qt::DecorationRole:
        if (page.thumbnail.isNull())
            return {};
        return QPixmap::fromImage(PageOperations::rotated(page.thumbnail, page.rotation));
    case Qt::ToolTipRole:
        return page.state == PageState::Pending ? tr("Being processed…") : QVariant();
    case SessionIndexRole:
        return page.sessionIndex;
    case RotationRole:
        return int(page.rotation);
    case ReadyRole:
        return page.state == PageState::Ready;
    case FailedRole:
        return page.state == PageState::Failed;
    default:
        return {};
    }
}

Qt::ItemFlags ScanPageModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    return QAbstractListModel::flags(index) | Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
}

bool ScanPageModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                             const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count <= 0 || sourceRow < 0
        || sourceRow + count > m_pages.size() || destinationChild < 0 || destinationChild > m_pages.size()
        || (destinationChild >= sourceRow && destinationChild <= sourceRow + count))
        return false;
    if (!beginMoveRows({}, sourceRow, sourceRow + count - 1, {}, destinationChild))
        return false;
    const QList<Page> moving = m_pages.mid(sourceRow, count);
    m_pages.remove(sourceRow, count);
    const int insertAt = destinationChild > sourceRow ? destinationChild - count : destinationChild;
    for (int i = 0; i < count; ++i)
        m_pages.insert(insertAt + i, moving.at(i));
    endMoveRows();
    return true;
}

bool ScanPageModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_pages.size())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_pages.remove(row, count);
    endRemoveRows();
    return true;
}

Qt::DropActions ScanPageModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList ScanPageModel::mimeTypes() const
{
    return {kRowsMimeType};
}

QMimeData *ScanPageModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.size() != 1 || !indexes.first().isValid())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(kRowsMimeType, QByteArray::number(indexes.first().row()));
    return data;
}

bool ScanPageModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                 const QModelIndex &parent)
{
    Q_UNUSED(column);
    if (action != Qt::MoveAction || !data || !data->hasFormat(kRowsMimeType))
        return false;
    bool ok = false;
    const int from = data->data(kRowsMimeType).toInt(&ok);
    if (!ok || from < 0 || from >= m_pages.size())
        return false;
    // Dropped onto a page: before it; into the empty area: at the end.
    int to = row >= 0 ? row : (parent.isValid() ? parent.row() : int(m_pages.size()));
    if (to == from || to == from + 1)
        return false;
    moveRows({}, from, 1, {}, to);
    // The move is done here; returning false keeps the view from removing the source row.
    return false;
}

void ScanPageModel::addPage(int sessionIndex)
{
    const int row = int(m_pages.size());
    beginInsertRows({}, row, row);
    m_pages.append(Page {sessionIndex, PageState::Pending, {}, PageRotation::None});
    endInsertRows();
}

void ScanPageModel::setPageProcessed(int sessionIndex, const QImage &thumbnail)
{
    const int row = rowOfSessionIndex(sessionIndex);
    if (row < 0)
        return;
    m_pages[row].state = PageState::Ready;
    m_pages[row].thumbnail = thumbnail;
    Q_EMIT dataChanged(index(row), index(row));
}

void ScanPageModel::setPageFailed(int sessionIndex)
{
    const int row = rowOfSessionIndex(sessionIndex);
    if (row < 0)
        return;
    m_pages[row].state = PageState::Failed;
    Q_EMIT dataChanged(index(row), index(row));
}

void ScanPageModel::rotate(int row, bool clockwise)
{
    if (row < 0 || row >= m_pages.size())
        return;
    const int degrees = (int(m_pages[row].rotation) + (clockwise ? 90 : 270)) % 360;
    m_pages[row].rotation = PageRotation(degrees);
    Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole, RotationRole});
}

bool ScanPageModel::shift(int row, int delta)
{
    const int target = row + delta;
    if (row < 0 || row >= m_pages.size() || target < 0 || target >= m_pages.size() || delta == 0)
        return false;
    return moveRows({}, row, 1, {}, delta > 0 ? target + 1 : target);
}

void ScanPageModel::clear()
{
    beginResetModel();
    m_pages.clear();
    endResetModel();
}

int ScanPageModel::rowOfSessionIndex(int sessionIndex) const
{
    for (int row = 0; row < m_pages.size(); ++row) {
        if (m_pages.at(row).sessionIndex == sessionIndex)
            return row;
    }
    return -1;
}

bool ScanPageModel::isComplete() const
{
    return std::none_of(m_pages.cbegin(), m_pages.cend(),
                        [](const Page &page) { return page.state == PageState::Pending; });
}

} // namespace dms
