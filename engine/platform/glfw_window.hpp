// The backend seam around the window: GLFW, an OpenGL 3.3 core context loaded by glad, and the ImGui GLFW and
// OpenGL backends. Nothing above this file names GLFW or OpenGL, so the frame loop, the script runner and the
// report can be read (and replaced) without the window system.
#pragma once

#include <string>

#include <imgui.h>

struct GLFWwindow;

namespace cp::platform {

class Window {
  public:
    Window() = default;
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;
    ~Window();  // shuts the ImGui backends down and closes the window

    // Opens a window with an OpenGL 3.3 core context. False with `error` set when there is no display or no
    // OpenGL 3.3; the caller says what to do instead.
    bool open(int width, int height, const char* title, std::string& error);
    // Connects the current ImGui context to this window (input and rendering).
    void attach_imgui();
    // Shuts the ImGui backends down; call before ImGui::DestroyContext (the destructor does it otherwise).
    void detach_imgui();

    void poll();                         // handles pending events and returns at once
    void wait();                         // sleeps until an event arrives
    void wait(double seconds);           // ... or until `seconds` have passed
    bool should_close() const;           // the user (or a script) asked to close
    void request_close();                // closes at the end of this frame
    bool iconified() const;              // minimised: nothing to draw
    bool take_scale_change();            // true once after the monitor's content scale changed
    float content_scale() const;         // the larger of the monitor's x and y scale, at least 1
    void size(int& width, int& height) const;  // the window's size in screen coordinates
    void resize(int width, int height);

    void begin_frame();                  // the backends' NewFrame; then ImGui::NewFrame
    void render(const ImVec4& background);  // clears and draws ImGui's draw data into the back buffer
    // Writes the back buffer as PNG (call between render and swap). False when it cannot be written.
    bool screenshot(const std::string& path) const;
    void swap();                         // shows the frame
    void rebuild_font_texture();         // uploads a rebuilt font atlas and frees its CPU copy
    long font_texture_inked_pixels() const;  // pixels with ink in the font texture the GPU draws from

  private:
    GLFWwindow* window_ = nullptr;
    bool imgui_attached_ = false;
    bool device_objects_ = false;  // the OpenGL backend's shader and font texture exist
    bool glfw_initialised_ = false;
};

}  // namespace cp::platform
