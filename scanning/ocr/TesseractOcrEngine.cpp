// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/ocr/TesseractOcrEngine.h"

#include "core/Tr.h"

#include <QFileInfo>

#include <memory>
#include <mutex>
#include <omp.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

namespace dms {

namespace {

const QString DebianDataPath = QStringLiteral("/usr/share/tesseract-ocr/5/tessdata");

/** OMP_THREAD_LIMIT=1, set once by the first engine, before any TessBaseAPI
 *  exists and on the engine's (usually the main) thread: setenv is not safe
 *  while other threads read the environment, which workers do. libgomp reads
 *  the variable when it is loaded, before main() in a program linked with
 *  libtesseract, so in this process it reaches only child processes (a
 *  tesseract or ocrmypdf run); limitOpenMpToThisThread() does the rest. */
void limitOpenMpThreadsInEnvironment()
{
    static std::once_flag environmentSet;
    std::call_once(environmentSet, [] { qputenv("OMP_THREAD_LIMIT", "1"); });
}

/** Keeps tesseract to the calling thread: a maximum of zero active parallel
 *  levels (an ICV of the calling thread) runs every OpenMP region there alone. */
void limitOpenMpToThisThread()
{
    omp_set_max_active_levels(0);
}

struct TextDeleter
{
    void operator()(char *text) const { delete[] text; }
};
using TesseractText = std::unique_ptr<char, TextDeleter>;

QString takeText(char *text)
{
    const TesseractText owned(text);
    return owned ? QString::fromUtf8(owned.get()).trimmed() : QString();
}

Error invalidPage(const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("The page cannot be read as an image."), detail);
}

class TesseractRecognizer : public OcrRecognizer
{
public:
    Status init(const QString &dataPath, const QString &languages)
    {
        limitOpenMpToThisThread();
        // Keep tesseract's diagnostics ("Estimating resolution…") out of the console.
        m_api.SetVariable("debug_file", "/dev/null");
        if (m_api.Init(QFile::encodeName(dataPath).constData(), languages.toUtf8().constData(),
                       tesseract::OEM_LSTM_ONLY)
            != 0)
            return makeError(ErrorCode::Internal,
                             Tr::tr("The text recognition could not load its language data."),
                             QStringLiteral("TessBaseAPI::Init(%1, %2) failed").arg(dataPath, languages));
        m_api.SetPageSegMode(tesseract::PSM_AUTO);
        return {};
    }

    Result<OcrPageText> recognize(const PageImage &page, const std::function<bool()> &isCancelled) override
    {
        if (page.image.isNull())
            return invalidPage(QStringLiteral("null QImage"));
        if (page.resolution <= 0)
            return invalidPage(QStringLiteral("resolution %1 dpi").arg(page.resolution));
        limitOpenMpToThisThread();
        // Tesseract works on gray anyway; converting here handles every QImage format.
        const QImage gray = page.image.format() == QImage::Format_Grayscale8
            ? page.image
            : page.image.convertToFormat(QImage::Format_Grayscale8);
        m_api.SetImage(gray.constBits(), gray.width(), gray.height(), 1, int(gray.bytesPerLine()));
        m_api.SetSourceResolution(page.resolution);

        tesseract::ETEXT_DESC monitor;
        monitor.cancel = [](void *cancelThis, int) {
            return (*static_cast<const std::function<bool()> *>(cancelThis))();
        };
        monitor.cancel_this = const_cast<std::function<bool()> *>(&isCancelled);
        const int status = m_api.Recognize(&monitor);
        if (isCancelled()) {
            m_api.Clear();
            return makeError(ErrorCode::Cancelled, Tr::tr("Text recognition was cancelled."));
        }
        if (status != 0) {
            m_api.Clear();
            return makeError(ErrorCode::Internal, Tr::tr("The text of the page could not be recognised."),
                             QStringLiteral("TessBaseAPI::Recognize returned %1").arg(status));
        }

        OcrPageText text;
        text.width = gray.width();
        text.height = gray.height();
        text.resolution = page.resolution;
        const std::unique_ptr<tesseract::ResultIterator> words(m_api.GetIterator());
        if (words) {
            do {
                OcrWord word;
                word.text = takeText(words->GetUTF8Text(tesseract::RIL_WORD));
                int left = 0, top = 0, right = 0, bottom = 0;
                if (word.text.isEmpty()
                    || !words->BoundingBox(tesseract::RIL_WORD, &left, &top, &right, &bottom))
                    continue;
                word.box = QRect(QPoint(left, top), QPoint(right - 1, bottom - 1));
                int x1 = 0, y1 = 0, x2 = 0, y2 = 0;
                if (words->Baseline(tesseract::RIL_WORD, &x1, &y1, &x2, &y2))
                    word.baseline = (y1 + y2) / 2;
                word.confidence = words->Confidence(tesseract::RIL_WORD);
                text.words.append(word);
            } while (words->Next(tesseract::RIL_WORD));
        }
        text.text = takeText(m_api.GetUTF8Text());
        m_api.Clear();
        return text;
    }

private:
    tesseract::TessBaseAPI m_api;
};

} // namespace

TesseractOcrEngine::TesseractOcrEngine(const Options &options)
    : m_languages(options.languages)
    , m_dataPath(options.dataPath.isEmpty() ? defaultDataPath() : options.dataPath)
{
    limitOpenMpThreadsInEnvironment();
}

TesseractOcrEngine::TesseractOcrEngine()
    : TesseractOcrEngine(Options())
{ }

QStringList TesseractOcrEngine::languages() const
{
    return m_languages.split(QLatin1Char('+'), Qt::SkipEmptyParts);
}

QString TesseractOcrEngine::defaultDataPath()
{
    for (const char *variable : {"DMS_TESSDATA", "TESSDATA_PREFIX"}) {
        const QString path = qEnvironmentVariable(variable);
        if (!path.isEmpty())
            return path;
    }
    return DebianDataPath;
}

Status TesseractOcrEngine::check() const
{
    const QStringList codes = languages();
    if (codes.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("No language is chosen for text recognition."),
                         QStringLiteral("languages \"%1\"").arg(m_languages));
    for (const QString &code : codes) {
        const QFileInfo file(m_dataPath + QLatin1Char('/') + code + QStringLiteral(".traineddata"));
        if (!file.isFile() || !file.isReadable())
            return makeError(ErrorCode::NotFound,
                             Tr::tr("The text recognition data for the language \"%1\" is missing. "
                                    "Install the package tesseract-ocr-%1.")
                                 .arg(code),
                             file.filePath());
    }
    return {};
}

Result<std::unique_ptr<OcrRecognizer>> TesseractOcrEngine::createRecognizer()
{
    DMS_TRY(check());
    auto recognizer = std::make_unique<TesseractRecognizer>();
    DMS_TRY(recognizer->init(m_dataPath, m_languages));
    return std::unique_ptr<OcrRecognizer>(std::move(recognizer));
}

} // namespace dms
