#include "glfw_window.hpp"

// glad must come before any other OpenGL header.
#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <vector>

namespace cp::platform {

Window::~Window() {
    detach_imgui();
    if (window_) glfwDestroyWindow(window_);
    if (glfw_initialised_) glfwTerminate();
}

bool Window::open(int width, int height, const char* title, std::string& error) {
    glfwSetErrorCallback([](int, const char* description) {
        std::cerr << "counterpart: window system: " << description << "\n";
    });
    if (!glfwInit()) {
        error = "no display to open a window on (is DISPLAY set?)";
        return false;
    }
    glfw_initialised_ = true;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    window_ = glfwCreateWindow(width, height, title, nullptr, nullptr);
    if (!window_) {
        error = "could not open a window with OpenGL 3.3";
        return false;
    }
    glfwSetWindowSizeLimits(window_, 640, 480, GLFW_DONT_CARE, GLFW_DONT_CARE);
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    if (!gladLoadGL(glfwGetProcAddress)) {
        error = "could not load OpenGL functions";
        return false;
    }
    glfwSetWindowContentScaleCallback(window_, [](GLFWwindow* w, float, float) {
        // Handled on the next frame (take_scale_change): the style is rebuilt when the scale changes.
        glfwSetWindowUserPointer(w, reinterpret_cast<void*>(1));
    });
    return true;
}

void Window::attach_imgui() {
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 330");
    imgui_attached_ = true;
}

void Window::detach_imgui() {
    if (!imgui_attached_) return;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    imgui_attached_ = false;
    device_objects_ = false;
}

void Window::poll() { glfwPollEvents(); }
void Window::wait() { glfwWaitEvents(); }
void Window::wait(double seconds) { glfwWaitEventsTimeout(seconds); }
bool Window::should_close() const { return glfwWindowShouldClose(window_); }
void Window::request_close() { glfwSetWindowShouldClose(window_, GLFW_TRUE); }
bool Window::iconified() const { return glfwGetWindowAttrib(window_, GLFW_ICONIFIED); }

bool Window::take_scale_change() {
    if (!glfwGetWindowUserPointer(window_)) return false;
    glfwSetWindowUserPointer(window_, nullptr);
    return true;
}

float Window::content_scale() const {
    float xs = 1, ys = 1;
    glfwGetWindowContentScale(window_, &xs, &ys);
    return std::max(1.0f, std::max(xs, ys));
}

void Window::size(int& width, int& height) const { glfwGetWindowSize(window_, &width, &height); }
void Window::resize(int width, int height) { glfwSetWindowSize(window_, width, height); }

void Window::begin_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
}

void Window::render(const ImVec4& background) {
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(background.x, background.y, background.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

bool Window::screenshot(const std::string& path) const {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    if (width <= 0 || height <= 0) return false;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows run bottom-up; PNG's top-down. Alpha is forced opaque.
    std::vector<unsigned char> flipped(pixels.size());
    std::size_t row = static_cast<std::size_t>(width) * 4;
    for (int y = 0; y < height; ++y)
        std::copy_n(pixels.data() + static_cast<std::size_t>(height - 1 - y) * row, row,
                    flipped.data() + static_cast<std::size_t>(y) * row);
    for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    return stbi_write_png(path.c_str(), width, height, 4, flipped.data(), static_cast<int>(row)) != 0;
}

void Window::swap() { glfwSwapBuffers(window_); }

long Window::font_texture_inked_pixels() const {
    auto texture = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(ImGui::GetIO().Fonts->TexID));
    if (texture == 0) return 0;
    GLint previous = 0, width = 0, height = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D, texture);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &width);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &height);
    std::vector<unsigned char> pixels(static_cast<std::size_t>(std::max(width, 0)) *
                                      static_cast<std::size_t>(std::max(height, 0)) * 4);
    if (!pixels.empty()) glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    long inked = 0;
    for (std::size_t i = 3; i < pixels.size(); i += 4) inked += pixels[i] != 0;
    return inked;
}

void Window::rebuild_font_texture() {
    if (!device_objects_) {
        // The backend creates its shader and font texture on the first NewFrame unless they exist already, and
        // that late creation would upload the atlas after its CPU copy below is freed: an empty atlas, and every
        // letter drawn as noise. Creating the device objects here uploads the atlas while it is still whole.
        ImGui_ImplOpenGL3_CreateDeviceObjects();
        device_objects_ = true;
    } else {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    // The GPU holds the atlas now: the CPU's copies (alpha and RGBA pixels, the font files' bytes) are freed.
    // A later rebuild (font size changed) adds the files again.
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->ClearTexData();
    atlas->ClearInputData();
}

}  // namespace cp::platform
