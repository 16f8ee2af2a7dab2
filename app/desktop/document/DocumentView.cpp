// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/DocumentView.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

#include <poppler-qt6.h>

namespace dms {

namespace {

constexpr double kMinZoom = 0.25;
constexpr double kMaxZoom = 4.0;
constexpr int kThumbnailSide = 120;

} // namespace

DocumentView::DocumentView(QWidget *parent)
    : QWidget(parent)
{
    m_thumbnails = new QListWidget(this);
    m_thumbnails->setObjectName(QStringLiteral("documentThumbnails"));
    m_thumbnails->setViewMode(QListView::IconMode);
    m_thumbnails->setFlow(QListView::TopToBottom);
    m_thumbnails->setIconSize(QSize(kThumbnailSide, kThumbnailSide));
    m_thumbnails->setMovement(QListView::Static);
    m_thumbnails->setFixedWidth(kThumbnailSide + 40);
    m_pageLabel = new QLabel(this);
    m_pageLabel->setObjectName(QStringLiteral("documentPage"));
    m_pageLabel->setAlignment(Qt::AlignCenter);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_pageLabel);
    m_scroll->setWidgetResizable(false);
    m_scroll->setAlignment(Qt::AlignCenter);

    m_searchField = new QLineEdit(this);
    m_searchField->setObjectName(QStringLiteral("documentSearch"));
    m_searchField->setPlaceholderText(tr("Find in the document"));
    m_searchField->setClearButtonEnabled(true);
    m_searchResult = new QLabel(this);
    m_searchResult->setObjectName(QStringLiteral("documentSearchResult"));
    auto *zoomOutButton = new QToolButton(this);
    zoomOutButton->setText(QStringLiteral("−"));
    zoomOutButton->setToolTip(tr("Zoom out"));
    auto *zoomInButton = new QToolButton(this);
    zoomInButton->setText(QStringLiteral("+"));
    zoomInButton->setToolTip(tr("Zoom in"));

    auto *tools = new QHBoxLayout;
    tools->addWidget(zoomOutButton);
    tools->addWidget(zoomInButton);
    tools->addStretch(1);
    tools->addWidget(m_searchField, 2);
    tools->addWidget(m_searchResult);
    auto *body = new QHBoxLayout;
    body->addWidget(m_thumbnails);
    body->addWidget(m_scroll, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(tools);
    layout->addLayout(body, 1);

    connect(zoomInButton, &QToolButton::clicked, this, &DocumentView::zoomIn);
    connect(zoomOutButton, &QToolButton::clicked, this, &DocumentView::zoomOut);
    connect(m_searchField, &QLineEdit::returnPressed, this, [this] { search(m_searchField->text()); });
    connect(m_thumbnails, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            setCurrentPage(row);
    });
}

DocumentView::~DocumentView() = default;

Status DocumentView::open(const QString &path)
{
    clear();
    if (!QFileInfo::exists(path))
        return makeError(ErrorCode::NotFound, tr("The file %1 does not exist.").arg(path));
    std::unique_ptr<Poppler::Document> document = Poppler::Document::load(path);
    if (!document || document->isLocked() || document->numPages() <= 0)
        return makeError(ErrorCode::InvalidInput,
                         tr("%1 is not a PDF document that can be shown.").arg(path));
    document->setRenderHint(Poppler::Document::Antialiasing);
    document->setRenderHint(Poppler::Document::TextAntialiasing);
    m_document = std::move(document);
    m_hits = QList<QList<QRectF>>(m_document->numPages());
    for (int i = 0; i < m_document->numPages(); ++i) {
        const std::unique_ptr<Poppler::Page> page = m_document->page(i);
        const QSizeF size = page ? page->pageSizeF() : QSizeF();
        const double dpi
            = size.isEmpty() ? 10.0 : 72.0 * kThumbnailSide / std::max(size.width(), size.height());
        const QImage thumbnail = page ? page->renderToImage(dpi, dpi) : QImage();
        auto *item = new QListWidgetItem(QIcon(QPixmap::fromImage(thumbnail)), QString::number(i + 1));
        m_thumbnails->addItem(item);
    }
    m_page = 0;
    m_thumbnails->setCurrentRow(0);
    render();
    return {};
}

void DocumentView::clear()
{
    m_document.reset();
    m_hits.clear();
    m_page = 0;
    m_rendered = QImage();
    m_thumbnails->clear();
    m_pageLabel->clear();
    m_pageLabel->resize(0, 0);
    m_searchResult->clear();
}

int DocumentView::pageCount() const
{
    return m_document ? m_document->numPages() : 0;
}

void DocumentView::setCurrentPage(int page)
{
    if (!m_document || page < 0 || page >= pageCount() || page == m_page)
        return;
    m_page = page;
    m_thumbnails->setCurrentRow(page);
    render();
    Q_EMIT currentPageChanged(page);
}

void DocumentView::setZoom(double zoom)
{
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    if (qFuzzyCompare(zoom, m_zoom))
        return;
    m_zoom = zoom;
    render();
}

int DocumentView::search(const QString &text)
{
    if (!m_document)
        return 0;
    int total = 0;
    int firstPage = -1;
    for (int i = 0; i < pageCount(); ++i) {
        const std::unique_ptr<Poppler::Page> page = m_document->page(i);
        m_hits[i] = text.isEmpty() || !page ? QList<QRectF>() : page->search(text, Poppler::Page::IgnoreCase);
        total += int(m_hits[i].size());
        if (firstPage < 0 && !m_hits[i].isEmpty())
            firstPage = i;
    }
    m_searchResult->setText(text.isEmpty() ? QString() : tr("%n hit(s)", nullptr, total));
    if (firstPage >= 0 && firstPage != m_page)
        setCurrentPage(firstPage);
    else
        render();
    return total;
}

void DocumentView::render()
{
    if (!m_document)
        return;
    const std::unique_ptr<Poppler::Page> page = m_document->page(m_page);
    if (!page)
        return;
    const double scale = m_zoom * devicePixelRatioF();
    QImage image = page->renderToImage(72.0 * scale, 72.0 * scale);
    if (!m_hits.value(m_page).isEmpty()) {
        QPainter painter(&image);
        painter.setPen(QPen(QColor(200, 120, 0), 1));
        painter.setBrush(QColor(255, 210, 0, 110));
        for (const QRectF &hit : m_hits.value(m_page))
            painter.drawRect(
                QRectF(hit.x() * scale, hit.y() * scale, hit.width() * scale, hit.height() * scale));
    }
    m_rendered = image;
    QPixmap pixmap = QPixmap::fromImage(image);
    pixmap.setDevicePixelRatio(devicePixelRatioF());
    m_pageLabel->setPixmap(pixmap);
    m_pageLabel->resize(pixmap.deviceIndependentSize().toSize());
}

} // namespace dms
