// SPDX-License-Identifier: GPL-3.0-or-later
#include "SaneDevice.h"

#include "SaneStatus.h"
#include "core/Tr.h"
#include "scanning/ScanningLog.h"

#include <QByteArray>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <pthread.h>
#include <sane/saneopts.h>
#include <signal.h>
#include <vector>

namespace dms {

namespace {

/** Blocks SIGPIPE in the calling thread for its lifetime. Backends built on
 *  sanei_thread start their reader thread inside sane_start(); it inherits this
 *  mask, so when the reader writes into a pipe the frontend has already closed
 *  (a cancel or a fault racing the end of a page), write() fails with EPIPE
 *  instead of raising SIGPIPE. sanei_thread only ignores SIGPIPE process-wide
 *  when its handler is the default; any other handler (Qt Test's crash handler,
 *  a host application's) would otherwise run, or the process end. */
class SigpipeBlockedHere
{
public:
    SigpipeBlockedHere()
    {
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe, &m_previous);
    }
    ~SigpipeBlockedHere() { pthread_sigmask(SIG_SETMASK, &m_previous, nullptr); }
    SigpipeBlockedHere(const SigpipeBlockedHere &) = delete;
    SigpipeBlockedHere &operator=(const SigpipeBlockedHere &) = delete;

private:
    sigset_t m_previous {};
};

constexpr SANE_Int ReadBufferSize = 128 * 1024;

QString optionCall(const char *call, const char *name)
{
    return QString::fromLatin1(call) + QLatin1Char(' ') + QString::fromUtf8(name);
}

ScanOption::Unit unitOf(SANE_Unit unit)
{
    switch (unit) {
    case SANE_UNIT_PIXEL:
        return ScanOption::Unit::Pixel;
    case SANE_UNIT_BIT:
        return ScanOption::Unit::Bit;
    case SANE_UNIT_MM:
        return ScanOption::Unit::Millimetre;
    case SANE_UNIT_DPI:
        return ScanOption::Unit::Dpi;
    case SANE_UNIT_PERCENT:
        return ScanOption::Unit::Percent;
    case SANE_UNIT_MICROSECOND:
        return ScanOption::Unit::Microsecond;
    case SANE_UNIT_NONE:
        break;
    }
    return ScanOption::Unit::None;
}

QVariant wordValue(SANE_Value_Type type, SANE_Word word)
{
    if (type == SANE_TYPE_FIXED)
        return SANE_UNFIX(word);
    if (type == SANE_TYPE_BOOL)
        return word != SANE_FALSE;
    return int(word);
}

bool matches(const QString &text, std::initializer_list<const char *> words)
{
    return std::any_of(words.begin(), words.end(), [&text](const char *word) {
        return text.contains(QLatin1String(word), Qt::CaseInsensitive);
    });
}

std::optional<ScanSource> sourceOf(const QString &entry)
{
    if (matches(entry, {"duplex"}))
        return ScanSource::Duplex;
    if (matches(entry, {"adf", "feeder", "automatic document"}))
        return ScanSource::Feeder;
    if (matches(entry, {"flatbed", "platen", "normal"}))
        return ScanSource::Flatbed;
    return std::nullopt;
}

/** Collects the bytes of one frame into lines of an image. With a known line
 *  count the image is allocated once and filled in place; with an unknown one
 *  (hand scanners, lines == -1) the bytes are kept until the end. */
class FrameAssembler
{
public:
    FrameAssembler(const SANE_Parameters &parameters, QImage::Format format)
        : m_parameters(parameters)
        , m_format(format)
        , m_lineBytes(usefulBytes(parameters))
    {
        m_line.reserve(std::size_t(m_parameters.bytes_per_line));
        if (m_parameters.lines > 0) {
            m_image = QImage(m_parameters.pixels_per_line, m_parameters.lines, format);
            prepare(m_image);
        }
    }

    bool allocated() const { return m_parameters.lines <= 0 || !m_image.isNull(); }

    void append(const SANE_Byte *data, int length)
    {
        while (length > 0) {
            const int wanted = m_parameters.bytes_per_line - int(m_line.size());
            const int taken = std::min(wanted, length);
            m_line.insert(m_line.end(), data, data + taken);
            data += taken;
            length -= taken;
            if (int(m_line.size()) == m_parameters.bytes_per_line)
                completeLine();
        }
    }

    int lines() const { return m_lines; }

    QImage take()
    {
        if (m_parameters.lines > 0)
            return m_lines == m_parameters.lines ? m_image : m_image.copy(0, 0, m_image.width(), m_lines);
        QImage image(m_parameters.pixels_per_line, std::max(m_lines, 1), m_format);
        prepare(image);
        if (m_lines == 0)
            image.fill(0);
        for (int y = 0; y < m_lines; ++y)
            std::memcpy(image.scanLine(y), m_pending.constData() + qsizetype(y) * m_lineBytes,
                        std::size_t(m_lineBytes));
        return image;
    }

private:
    static int usefulBytes(const SANE_Parameters &parameters)
    {
        const int channels = parameters.format == SANE_FRAME_RGB ? 3 : 1;
        if (parameters.depth == 1)
            return channels * ((parameters.pixels_per_line + 7) / 8);
        return std::min(parameters.bytes_per_line,
                        channels * parameters.pixels_per_line * ((parameters.depth + 7) / 8));
    }

    static void prepare(QImage &image)
    {
        // SANE lineart: a set bit is black.
        if (image.format() == QImage::Format_Mono)
            image.setColorTable({qRgb(255, 255, 255), qRgb(0, 0, 0)});
    }

    void completeLine()
    {
        if (m_parameters.lines > 0) {
            if (m_lines < m_parameters.lines)
                std::memcpy(m_image.scanLine(m_lines), m_line.data(), std::size_t(m_lineBytes));
        } else {
            m_pending.append(reinterpret_cast<const char *>(m_line.data()), m_lineBytes);
        }
        ++m_lines;
        m_line.clear();
    }

    SANE_Parameters m_parameters;
    QImage::Format m_format;
    int m_lineBytes;
    std::vector<SANE_Byte> m_line;
    QImage m_image;
    QByteArray m_pending;
    int m_lines = 0;
};

} // namespace

SaneDevice::SaneDevice(const SaneLibrary &library, std::shared_ptr<SaneRuntime> runtime, SANE_Handle handle,
                       const ScannerInfo &info)
    : m_library(library)
    , m_runtime(std::move(runtime))
    , m_handle(handle)
    , m_info(info)
{ }

SaneDevice::~SaneDevice()
{
    stopScan();
    m_library.close(m_handle);
}

int SaneDevice::optionCount() const
{
    SANE_Int count = 0;
    if (m_library.controlOption(m_handle, 0, SANE_ACTION_GET_VALUE, &count, nullptr) != SANE_STATUS_GOOD)
        return 0;
    return count;
}

int SaneDevice::findOption(const char *name) const
{
    const int count = optionCount();
    for (int index = 1; index < count; ++index) {
        const SANE_Option_Descriptor *descriptor = m_library.getOptionDescriptor(m_handle, index);
        if (descriptor && descriptor->name && std::strcmp(descriptor->name, name) == 0
            && descriptor->type != SANE_TYPE_GROUP)
            return index;
    }
    return -1;
}

QVariant SaneDevice::readValue(int index, const SANE_Option_Descriptor &descriptor) const
{
    if (!SANE_OPTION_IS_ACTIVE(descriptor.cap) || !(descriptor.cap & SANE_CAP_SOFT_DETECT)
        || descriptor.type == SANE_TYPE_BUTTON || descriptor.type == SANE_TYPE_GROUP || descriptor.size <= 0)
        return {};
    std::vector<SANE_Word> buffer(std::size_t(descriptor.size) / sizeof(SANE_Word) + 1, 0);
    if (m_library.controlOption(m_handle, index, SANE_ACTION_GET_VALUE, buffer.data(), nullptr)
        != SANE_STATUS_GOOD)
        return {};
    if (descriptor.type == SANE_TYPE_STRING) {
        const char *text = reinterpret_cast<const char *>(buffer.data());
        return QString::fromUtf8(text, qsizetype(strnlen(text, std::size_t(descriptor.size))));
    }
    const int count = descriptor.size / int(sizeof(SANE_Word));
    if (count == 1)
        return wordValue(descriptor.type, buffer[0]);
    QVariantList values;
    for (int i = 0; i < count; ++i)
        values.append(wordValue(descriptor.type, buffer[std::size_t(i)]));
    return values;
}

ScanOption SaneDevice::describe(int index) const
{
    const SANE_Option_Descriptor &descriptor = *m_library.getOptionDescriptor(m_handle, index);
    ScanOption option;
    option.name = QString::fromUtf8(descriptor.name ? descriptor.name : "");
    option.title = QString::fromUtf8(descriptor.title ? descriptor.title : "");
    option.description = QString::fromUtf8(descriptor.desc ? descriptor.desc : "");
    switch (descriptor.type) {
    case SANE_TYPE_BOOL:
        option.type = ScanOption::Type::Bool;
        break;
    case SANE_TYPE_INT:
        option.type = ScanOption::Type::Int;
        break;
    case SANE_TYPE_FIXED:
        option.type = ScanOption::Type::Fixed;
        break;
    case SANE_TYPE_STRING:
        option.type = ScanOption::Type::String;
        break;
    case SANE_TYPE_BUTTON:
    case SANE_TYPE_GROUP:
        option.type = ScanOption::Type::Button;
        break;
    }
    option.unit = unitOf(descriptor.unit);
    if (descriptor.type == SANE_TYPE_INT || descriptor.type == SANE_TYPE_FIXED
        || descriptor.type == SANE_TYPE_BOOL)
        option.count = std::max(1, descriptor.size / int(sizeof(SANE_Word)));
    option.active = SANE_OPTION_IS_ACTIVE(descriptor.cap);
    option.settable = SANE_OPTION_IS_SETTABLE(descriptor.cap);
    option.advanced = descriptor.cap & SANE_CAP_ADVANCED;
    switch (descriptor.constraint_type) {
    case SANE_CONSTRAINT_RANGE: {
        const SANE_Range &range = *descriptor.constraint.range;
        option.constraint = ScanOption::Constraint::Range;
        const bool fixed = descriptor.type == SANE_TYPE_FIXED;
        option.minimum = fixed ? SANE_UNFIX(range.min) : range.min;
        option.maximum = fixed ? SANE_UNFIX(range.max) : range.max;
        option.step = fixed ? SANE_UNFIX(range.quant) : range.quant;
        break;
    }
    case SANE_CONSTRAINT_WORD_LIST: {
        option.constraint = ScanOption::Constraint::List;
        const SANE_Word *list = descriptor.constraint.word_list;
        for (SANE_Word i = 1; i <= list[0]; ++i)
            option.allowedValues.append(wordValue(descriptor.type, list[i]));
        break;
    }
    case SANE_CONSTRAINT_STRING_LIST:
        option.constraint = ScanOption::Constraint::List;
        for (const SANE_String_Const *entry = descriptor.constraint.string_list; entry && *entry; ++entry)
            option.allowedValues.append(QString::fromUtf8(*entry));
        break;
    case SANE_CONSTRAINT_NONE:
        break;
    }
    option.value = readValue(index, descriptor);
    return option;
}

QList<ScanOption> SaneDevice::options()
{
    QList<ScanOption> result;
    QString group;
    const int count = optionCount();
    for (int index = 1; index < count; ++index) {
        const SANE_Option_Descriptor *descriptor = m_library.getOptionDescriptor(m_handle, index);
        if (!descriptor)
            continue;
        if (descriptor->type == SANE_TYPE_GROUP) {
            group = QString::fromUtf8(descriptor->title ? descriptor->title : "");
            continue;
        }
        ScanOption option = describe(index);
        option.group = group;
        result.append(option);
    }
    return result;
}

Status SaneDevice::setOption(const QString &name, const QVariant &value)
{
    const QByteArray utf8 = name.toUtf8();
    const int index = findOption(utf8.constData());
    if (index < 0)
        return makeError(ErrorCode::NotFound, Tr::tr("The scanner has no such setting."), name);
    const SANE_Option_Descriptor &descriptor = *m_library.getOptionDescriptor(m_handle, index);
    if (!SANE_OPTION_IS_ACTIVE(descriptor.cap) || !SANE_OPTION_IS_SETTABLE(descriptor.cap))
        return makeError(ErrorCode::InvalidInput, Tr::tr("This scanner setting cannot be changed now."),
                         name);

    std::vector<SANE_Word> words;
    QByteArray text;
    void *data = nullptr;
    switch (descriptor.type) {
    case SANE_TYPE_BOOL:
    case SANE_TYPE_INT:
    case SANE_TYPE_FIXED: {
        const QVariantList list
            = value.typeId() == QMetaType::QVariantList ? value.toList() : QVariantList {value};
        const int count = std::max(1, descriptor.size / int(sizeof(SANE_Word)));
        if (list.size() != count)
            return makeError(ErrorCode::InvalidInput, Tr::tr("The value does not fit this scanner setting."),
                             name);
        for (const QVariant &item : list) {
            bool ok = true;
            if (descriptor.type == SANE_TYPE_BOOL) {
                words.push_back(item.toBool() ? SANE_TRUE : SANE_FALSE);
            } else {
                const double number = item.toDouble(&ok);
                if (!ok)
                    return makeError(ErrorCode::InvalidInput,
                                     Tr::tr("The value does not fit this scanner setting."), name);
                words.push_back(descriptor.type == SANE_TYPE_FIXED ? SANE_FIX(number)
                                                                   : SANE_Word(std::lround(number)));
            }
        }
        data = words.data();
        break;
    }
    case SANE_TYPE_STRING:
        text = value.toString().toUtf8();
        if (text.size() >= descriptor.size)
            return makeError(ErrorCode::InvalidInput, Tr::tr("The value does not fit this scanner setting."),
                             name);
        text.resize(descriptor.size, '\0');
        data = text.data();
        break;
    case SANE_TYPE_BUTTON:
        break;
    case SANE_TYPE_GROUP:
        return makeError(ErrorCode::InvalidInput, Tr::tr("This scanner setting cannot be changed now."),
                         name);
    }
    SANE_Int info = 0;
    const SANE_Status status = m_library.controlOption(m_handle, index, SANE_ACTION_SET_VALUE, data, &info);
    if (status != SANE_STATUS_GOOD)
        return saneError(status, optionCall("sane_control_option", utf8.constData()));
    return {};
}

Status SaneDevice::setString(const char *name, const QString &value)
{
    return setOption(QString::fromLatin1(name), value);
}

Status SaneDevice::setNumber(const char *name, double value)
{
    const int index = findOption(name);
    if (index < 0)
        return makeError(ErrorCode::NotFound, Tr::tr("The scanner has no such setting."),
                         QString::fromLatin1(name));
    const ScanOption option = describe(index);
    if (option.constraint == ScanOption::Constraint::Range) {
        value = std::clamp(value, option.minimum, option.maximum);
        if (option.step > 0)
            value = option.minimum + std::round((value - option.minimum) / option.step) * option.step;
    } else if (option.constraint == ScanOption::Constraint::List && !option.allowedValues.isEmpty()) {
        const auto nearest
            = std::min_element(option.allowedValues.cbegin(), option.allowedValues.cend(),
                               [value](const QVariant &a, const QVariant &b) {
                                   return std::abs(a.toDouble() - value) < std::abs(b.toDouble() - value);
                               });
        value = nearest->toDouble();
    }
    return setOption(option.name, value);
}

QList<ScanSource> SaneDevice::sources()
{
    const int index = findOption(SANE_NAME_SCAN_SOURCE);
    if (index < 0)
        return {ScanSource::Flatbed};
    QList<ScanSource> result;
    const ScanOption option = describe(index);
    for (const QVariant &entry : option.allowedValues) {
        if (const auto source = sourceOf(entry.toString()); source && !result.contains(*source))
            result.append(*source);
    }
    if (result.isEmpty())
        result.append(ScanSource::Flatbed);
    return result;
}

Status SaneDevice::chooseSource(ScanSource source)
{
    const int index = findOption(SANE_NAME_SCAN_SOURCE);
    if (index < 0) {
        if (source == ScanSource::Flatbed)
            return {};
        return makeError(ErrorCode::InvalidInput, Tr::tr("The scanner has no document feeder."), m_info.name);
    }
    const ScanOption option = describe(index);
    for (const QVariant &entry : option.allowedValues) {
        if (sourceOf(entry.toString()) == source)
            return setOption(option.name, entry);
    }
    // A device listing only unrecognised sources has one paper path: call it flatbed.
    if (source == ScanSource::Flatbed && sources() == QList<ScanSource> {ScanSource::Flatbed})
        return {};
    return makeError(ErrorCode::InvalidInput, Tr::tr("The scanner has no such paper source."), m_info.name);
}

Status SaneDevice::chooseMode(ColorMode mode)
{
    const int modeIndex = findOption(SANE_NAME_SCAN_MODE);
    QStringList modes;
    if (modeIndex >= 0) {
        for (const QVariant &entry : describe(modeIndex).allowedValues)
            modes.append(entry.toString());
    }
    const auto find = [&modes](std::initializer_list<const char *> words) -> QString {
        for (const QString &entry : modes) {
            if (matches(entry, words))
                return entry;
        }
        return {};
    };
    const QString lineart = find({"lineart", "binary", "black & white", "black and white"});
    const QString gray = find({"gray", "grey"});
    const QString color = find({"color", "colour"});

    QString chosen;
    int depth = 8;
    if (mode == ColorMode::Lineart) {
        chosen = lineart.isEmpty() ? gray : lineart;
        depth = 1;
    } else {
        chosen = mode == ColorMode::Gray ? gray : color;
    }
    if (modeIndex >= 0 && chosen.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The scanner cannot scan in this colour mode."),
                         m_info.name);
    if (!chosen.isEmpty())
        DMS_TRY(setString(SANE_NAME_SCAN_MODE, chosen));

    const int depthIndex = findOption(SANE_NAME_BIT_DEPTH);
    if (depthIndex >= 0) {
        const ScanOption option = describe(depthIndex);
        const bool allowed = option.constraint != ScanOption::Constraint::List
            || option.allowedValues.contains(QVariant(depth));
        if (option.active && option.settable && allowed)
            DMS_TRY(setOption(option.name, depth));
        else if (mode == ColorMode::Lineart && lineart.isEmpty())
            return makeError(ErrorCode::InvalidInput, Tr::tr("The scanner cannot scan in this colour mode."),
                             m_info.name);
    } else if (mode == ColorMode::Lineart && lineart.isEmpty()) {
        return makeError(ErrorCode::InvalidInput, Tr::tr("The scanner cannot scan in this colour mode."),
                         m_info.name);
    }
    m_mode = mode;
    return {};
}

Status SaneDevice::configure(const ScanSettings &settings)
{
    stopScan();
    DMS_TRY(chooseSource(settings.source));
    DMS_TRY(chooseMode(settings.mode));
    if (findOption(SANE_NAME_SCAN_RESOLUTION) >= 0)
        DMS_TRY(setNumber(SANE_NAME_SCAN_RESOLUTION, settings.resolution));
    if (!settings.areaMm.isNull()) {
        const QRectF area = settings.areaMm.normalized();
        const std::pair<const char *, double> corners[] = {{SANE_NAME_SCAN_TL_X, area.left()},
                                                           {SANE_NAME_SCAN_TL_Y, area.top()},
                                                           {SANE_NAME_SCAN_BR_X, area.right()},
                                                           {SANE_NAME_SCAN_BR_Y, area.bottom()}};
        for (const auto &[name, value] : corners) {
            const int index = findOption(name);
            if (index < 0 || !describe(index).active)
                continue;
            if (describe(index).unit != ScanOption::Unit::Millimetre)
                return makeError(ErrorCode::InvalidInput, Tr::tr("The scanner cannot limit the scan area."),
                                 QString::fromLatin1(name));
            DMS_TRY(setNumber(name, value));
        }
    }
    for (const auto &[name, value] : settings.deviceOptions)
        DMS_TRY(setOption(name, value));
    m_resolution = 0;
    if (const int index = findOption(SANE_NAME_SCAN_RESOLUTION); index >= 0)
        m_resolution = int(std::lround(describe(index).value.toDouble()));
    return {};
}

void SaneDevice::stopScan()
{
    if (!m_scanActive)
        return;
    m_scanActive = false;
    m_library.cancel(m_handle);
}

void SaneDevice::endBatch()
{
    stopScan();
}

Result<PageImage> SaneDevice::scanPage(int index, const ScanControl &control)
{
    const auto cancelled = [this] {
        stopScan();
        return makeError(ErrorCode::Cancelled, Tr::tr("Scanning was cancelled."));
    };
    if (control.cancelled())
        return cancelled();

    // No option calls from here on: drivers refuse them while a batch runs.
    m_scanActive = true;
    SANE_Status status = [this] {
        const SigpipeBlockedHere noSigpipe;
        return m_library.start(m_handle);
    }();
    if (status != SANE_STATUS_GOOD) {
        stopScan();
        return saneError(status, QStringLiteral("sane_start"));
    }
    SANE_Parameters parameters {};
    status = m_library.getParameters(m_handle, &parameters);
    if (status != SANE_STATUS_GOOD) {
        stopScan();
        return saneError(status, QStringLiteral("sane_get_parameters"));
    }

    QImage::Format format = QImage::Format_Invalid;
    if (parameters.format == SANE_FRAME_GRAY) {
        format = parameters.depth == 1 ? QImage::Format_Mono
            : parameters.depth == 8    ? QImage::Format_Grayscale8
            : parameters.depth == 16   ? QImage::Format_Grayscale16
                                       : QImage::Format_Invalid;
    } else if (parameters.format == SANE_FRAME_RGB && parameters.depth == 8) {
        format = QImage::Format_RGB888;
    }
    if (format == QImage::Format_Invalid || parameters.pixels_per_line <= 0 || parameters.bytes_per_line <= 0
        || !parameters.last_frame) {
        stopScan();
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The scanner sends images in a format Delovod cannot read."),
                         QStringLiteral("frame %1, depth %2, last frame %3")
                             .arg(int(parameters.format))
                             .arg(parameters.depth)
                             .arg(parameters.last_frame));
    }

    FrameAssembler assembler(parameters, format);
    if (!assembler.allocated()) {
        stopScan();
        return makeError(ErrorCode::Internal, Tr::tr("There is not enough memory for the scanned page."));
    }
    std::vector<SANE_Byte> buffer(ReadBufferSize);
    control.report(parameters.lines > 0 ? 0 : -1);
    for (;;) {
        if (control.cancelled())
            return cancelled();
        SANE_Int length = 0;
        status = m_library.read(m_handle, buffer.data(), ReadBufferSize, &length);
        if (status == SANE_STATUS_EOF)
            break;
        if (status != SANE_STATUS_GOOD) {
            stopScan();
            if (control.cancelled())
                return cancelled();
            return saneError(status, QStringLiteral("sane_read"));
        }
        assembler.append(buffer.data(), length);
        if (parameters.lines > 0)
            control.report(std::min(100, assembler.lines() * 100 / parameters.lines));
    }
    control.report(100);
    qCDebug(dmsScanning) << "page" << index << "read:" << parameters.pixels_per_line << "x"
                         << assembler.lines();

    PageImage page;
    page.image = assembler.take();
    page.resolution = m_resolution;
    page.mode = m_mode;
    page.index = index;
    if (page.resolution > 0) {
        const int dotsPerMetre = int(std::lround(page.resolution / 0.0254));
        page.image.setDotsPerMeterX(dotsPerMetre);
        page.image.setDotsPerMeterY(dotsPerMetre);
    }
    return page;
}

} // namespace dms
