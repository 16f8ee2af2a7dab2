// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/processing/PageOperations.h"

#include <QAbstractListModel>
#include <QImage>
#include <QList>

namespace dms {

/** The pages of the batch being scanned, in the order the document will have:
 *  one row per page as soon as the scanner delivers it (a placeholder until its
 *  thumbnail arrives), then reordered, turned or deleted by the clerk. A row
 *  refers to the ScanSession's page by its session index; turns are only
 *  recorded here and applied when the document is written (ScanDocumentWriter).
 *  Rows move by moveRows() (drag and drop inside a view, Ctrl+Up/Down).
 *  GUI thread. */
class ScanPageModel : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScanPageModel)

public:
    enum Role {
        SessionIndexRole = Qt::UserRole + 1,
        RotationRole,
        ReadyRole,
        FailedRole,
    };

    enum class PageState { Pending, Ready, Failed };

    struct Page
    {
        int sessionIndex = 0;
        PageState state = PageState::Pending;
        /** As made by the scan pipeline, not yet turned. */
        QImage thumbnail;
        PageRotation rotation = PageRotation::None;
    };

    explicit ScanPageModel(QObject *parent = nullptr);
    ~ScanPageModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    /** A row for a page the scanner has delivered (appended at the end). */
    void addPage(int sessionIndex);
    /** The page's thumbnail is ready (or its processing failed). Unknown indexes are ignored. */
    void setPageProcessed(int sessionIndex, const QImage &thumbnail);
    void setPageFailed(int sessionIndex);
    /** Turns the page in @p row a quarter turn clockwise (or counter-clockwise). */
    void rotate(int row, bool clockwise = true);
    /** Moves the page in @p row one place up (-1) or down (+1); false at the ends. */
    bool shift(int row, int delta);
    void clear();

    const QList<Page> &pages() const { return m_pages; }
    int rowOfSessionIndex(int sessionIndex) const;
    /** True when no page is still being processed. */
    bool isComplete() const;

private:
    QList<Page> m_pages;
};

} // namespace dms
