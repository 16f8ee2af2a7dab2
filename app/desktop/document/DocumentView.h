// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QRectF>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QListWidget;
class QScrollArea;

namespace Poppler {
class Document;
}

namespace dms {

/** Preview of a PDF with poppler-qt6: page thumbnails on the left, the current
 *  page at a zoom factor, and a text search that highlights every hit on the
 *  page shown (jumping to the first page that has one). Pages render on the
 *  GUI thread when shown (one page at a time; thumbnails once per document at a
 *  low resolution). */
class DocumentView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DocumentView)

public:
    explicit DocumentView(QWidget *parent = nullptr);
    ~DocumentView() override;

    /** Shows @p path. NotFound when it does not exist, InvalidInput when it is
     *  not a readable PDF or is locked by a password (the view is cleared then). */
    [[nodiscard]] Status open(const QString &path);
    void clear();

    int pageCount() const;
    int currentPage() const { return m_page; }
    void setCurrentPage(int page);
    double zoom() const { return m_zoom; }
    /** 0.25 … 4.0 (1.0 = 72 dpi × screen scale). */
    void setZoom(double zoom);
    void zoomIn() { setZoom(m_zoom * 1.25); }
    void zoomOut() { setZoom(m_zoom / 1.25); }

    /** Finds @p text (case-insensitive) on every page; returns the number of hits,
     *  shows the first page with one and highlights the hits on the page shown. */
    int search(const QString &text);
    /** The hits on @p page of the last search, in PDF points from the top left. */
    QList<QRectF> hits(int page) const { return m_hits.value(page); }
    /** The page as last rendered, highlights included (for tests and printing previews). */
    QImage renderedPage() const { return m_rendered; }

Q_SIGNALS:
    void currentPageChanged(int page);

private:
    void render();

    std::unique_ptr<Poppler::Document> m_document;
    int m_page = 0;
    double m_zoom = 1.0;
    QList<QList<QRectF>> m_hits;
    QImage m_rendered;

    QListWidget *m_thumbnails = nullptr;
    QScrollArea *m_scroll = nullptr;
    QLabel *m_pageLabel = nullptr;
    QLineEdit *m_searchField = nullptr;
    QLabel *m_searchResult = nullptr;
};

} // namespace dms
